using System.Net;
using Ludmin.Api.Tests.Support;

namespace Ludmin.Api.Tests;

/// <summary>GET /users: the master's paged list of full profiles.</summary>
public sealed class ListUsersTests : MasterApiTestBase
{
    [Test]
    public async Task ListUsers_WhenTokenIsAUsers_Returns403Forbidden()
    {
        var session = await Api.NewSessionAsync();

        using var response = await Api.SendAsync(HttpMethod.Get, "/users", session.Token);

        await Expect.ProblemAsync(response, HttpStatusCode.Forbidden, "forbidden");
    }

    [Test]
    public async Task ListUsers_WhenTokenIsPublic_Returns403Forbidden()
    {
        var token = await Api.PublicTokenAsync();

        using var response = await Api.SendAsync(HttpMethod.Get, "/users", token.Token);

        await Expect.ProblemAsync(response, HttpStatusCode.Forbidden, "forbidden");
    }

    [Test]
    public async Task ListUsers_WhenNoTokenIsSent_Returns401TokenMissing()
    {
        using var response = await Api.SendAsync(HttpMethod.Get, "/users");

        await Expect.ProblemAsync(response, HttpStatusCode.Unauthorized, "token_missing");
    }

    [Test]
    public async Task ListUsers_WhenUserTokenClaimsMasterWithoutBeingSigned_Returns401TokenInvalid()
    {
        var session = await Api.NewSessionAsync();
        var forged = TestTokens.ForUser(session.User.Id, session.DeviceId, session.User.Email, master: true, key: "another-key-that-is-long-enough-for-hs256-0123456789", sessionId: session.SessionId);

        using var response = await Api.SendAsync(HttpMethod.Get, "/users", forged);

        await Expect.ProblemAsync(response, HttpStatusCode.Unauthorized, "token_invalid");
    }

    [Test]
    public async Task ListUsers_WhenMaster_ReturnsAPageWithItsPagingAndTheTotal()
    {
        await Api.RegisterAsync();
        await Api.RegisterAsync();
        await Api.RegisterAsync();
        var master = await LoginAsMasterAsync();
        var total = long.Parse((await StoreSnapshot.ScalarAsync(Factory.DatabasePath, "SELECT COUNT(*) FROM users"))!, System.Globalization.CultureInfo.InvariantCulture);

        using var response = await Api.SendAsync(HttpMethod.Get, "/users?page=1&page_size=2", master.Token);

        var page = await Expect.JsonAsync(response, HttpStatusCode.OK);
        using (Assert.EnterMultipleScope())
        {
            Assert.That(page.AsObject().Select(p => p.Key), Is.EquivalentTo(new[] { "items", "page", "page_size", "total" }));
            Assert.That((int?)page["page"], Is.EqualTo(1));
            Assert.That((int?)page["page_size"], Is.EqualTo(2));
            Assert.That((long?)page["total"], Is.EqualTo(total));
            Assert.That(page["items"]!.AsArray(), Has.Count.EqualTo(2));
        }

        foreach (var item in page["items"]!.AsArray())
        {
            Profiles.AssertFull(item!);
        }
    }

    [Test]
    public async Task ListUsers_WhenMasterWalksEveryPage_SeesEveryUserOnce()
    {
        var registered = new[] { await Api.RegisterAsync(), await Api.RegisterAsync(), await Api.RegisterAsync() };
        var master = await LoginAsMasterAsync();
        var seen = new List<string>();
        long total;
        var pageNumber = 1;
        do
        {
            using var response = await Api.SendAsync(HttpMethod.Get, $"/users?page={pageNumber}&page_size=2", master.Token);
            var page = await Expect.JsonAsync(response, HttpStatusCode.OK);
            total = (long)page["total"]!;
            seen.AddRange(page["items"]!.AsArray().Select(i => (string)i!["id"]!));
            pageNumber++;
        }
        while (seen.Count < total && pageNumber < 1000);

        using (Assert.EnterMultipleScope())
        {
            Assert.That(seen, Is.Unique);
            Assert.That(seen, Has.Count.EqualTo(total));
            Assert.That(seen, Is.SupersetOf(registered.Select(u => u.Id)));
        }
    }

    [Test]
    public async Task ListUsers_WhenNoPagingIsGiven_ReturnsTheFirstPageOfTwenty()
    {
        var master = await LoginAsMasterAsync();

        using var response = await Api.SendAsync(HttpMethod.Get, "/users", master.Token);

        var page = await Expect.JsonAsync(response, HttpStatusCode.OK);
        using (Assert.EnterMultipleScope())
        {
            Assert.That((int?)page["page"], Is.EqualTo(1));
            Assert.That((int?)page["page_size"], Is.EqualTo(20));
            Assert.That(page["items"]!.AsArray(), Has.Count.LessThanOrEqualTo(20).And.Count.GreaterThan(0));
        }
    }

    [Test]
    public async Task ListUsers_WhenPageIsPastTheEnd_ReturnsNoItemsAndTheTotal()
    {
        var master = await LoginAsMasterAsync();

        using var response = await Api.SendAsync(HttpMethod.Get, "/users?page=100000&page_size=100", master.Token);

        var page = await Expect.JsonAsync(response, HttpStatusCode.OK);
        using (Assert.EnterMultipleScope())
        {
            Assert.That(page["items"]!.AsArray(), Is.Empty);
            Assert.That((long?)page["total"], Is.GreaterThan(0));
        }
    }

    [TestCase("page=0", "page")]
    [TestCase("page=-1", "page")]
    [TestCase("page=abc", "page")]
    [TestCase("page=1.5", "page")]
    [TestCase("page=2147483648", "page")]
    [TestCase("page=1000001", "page")]
    [TestCase("page_size=0", "page_size")]
    [TestCase("page_size=-5", "page_size")]
    [TestCase("page_size=101", "page_size")]
    [TestCase("page_size=abc", "page_size")]
    [TestCase("page_size=99999999999999999999", "page_size")]
    public async Task ListUsers_WhenPagingIsOutOfRangeOrNotANumber_Returns400ValidationFailed(string query, string field)
    {
        var master = await LoginAsMasterAsync();

        using var response = await Api.SendAsync(HttpMethod.Get, $"/users?{query}", master.Token);

        var problem = await Expect.ProblemAsync(response, HttpStatusCode.BadRequest, "validation_failed");
        Assert.That(problem["errors"]?.AsObject().Select(e => e.Key), Does.Contain(field), problem.ToJsonString());
    }
}
