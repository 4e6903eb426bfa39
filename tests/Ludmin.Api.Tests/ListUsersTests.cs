using System.Net;
using System.Text.Json.Nodes;
using Ludmin.Api.Tests.Support;

namespace Ludmin.Api.Tests;

/// <summary>GET /users: the master's paged list of full profiles.</summary>
public sealed class ListUsersTests : MasterApiTestBase
{
    [TestCase(CallerKind.User, HttpStatusCode.Forbidden, "forbidden")]
    [TestCase(CallerKind.Public, HttpStatusCode.Forbidden, "forbidden")]
    [TestCase(CallerKind.None, HttpStatusCode.Unauthorized, "token_missing")]
    public async Task ListUsers_WhenTheCallerIsNoMaster_IsRefused(CallerKind caller, HttpStatusCode status, string code)
    {
        var token = caller switch
        {
            CallerKind.User => (await Api.NewSessionAsync()).Token,
            CallerKind.Public => (await Api.PublicTokenAsync()).Token,
            _ => null,
        };

        await Api.ExpectProblemAsync(HttpMethod.Get, "/users", token, status, code);
    }

    [Test]
    public async Task ListUsers_WhenUserTokenClaimsMasterWithoutBeingSigned_Returns401TokenInvalid()
    {
        var session = await Api.NewSessionAsync();
        var forged = TestTokens.ForUser(session.User.Id, session.DeviceId, session.User.Email, master: true, key: "another-key-that-is-long-enough-for-hs256-0123456789", sessionId: session.SessionId);

        await Api.ExpectProblemAsync(HttpMethod.Get, "/users", forged, HttpStatusCode.Unauthorized, "token_invalid");
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
            Assert.That(page.AsObject().Select(p => p.Key), Is.EquivalentTo(new[] { "items", "page", "page_size", "total", "next" }));
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
    public async Task ListUsers_WhenMasterFollowsNextFromTheFirstPage_SeesEveryUserOnceInCreationOrder()
    {
        for (var i = 0; i < 4; i++)
        {
            await Api.RegisterAsync();
        }

        var master = await LoginAsMasterAsync();
        var stored = (await StoreSnapshot.ScalarAsync(Factory.DatabasePath, "SELECT group_concat(id, ',') FROM (SELECT id FROM users ORDER BY created_at, id)"))!.Split(',');
        var seen = new List<string>();
        var pages = new List<JsonNode>();
        var path = "/users?page_size=2";
        while (path is not null && pages.Count < 1000)
        {
            using var response = await Api.SendAsync(HttpMethod.Get, path, master.Token);
            var page = await Expect.JsonAsync(response, HttpStatusCode.OK);
            pages.Add(page);
            seen.AddRange(page["items"]!.AsArray().Select(i => (string)i!["id"]!));
            var next = (string?)page["next"];
            path = next is null ? null : $"/users?page_size=2&after={Uri.EscapeDataString(next)}";
        }

        using (Assert.EnterMultipleScope())
        {
            Assert.That(seen, Is.EqualTo(stored), "every user once, oldest first, nothing skipped or repeated");
            Assert.That((int?)pages[0]["page"], Is.EqualTo(1));
            Assert.That(pages.Skip(1).Select(p => p["page"]), Is.All.Null, "a page reached by cursor has no number");
            Assert.That(pages.Select(p => (long?)p["total"]), Is.All.EqualTo(stored.Length));
            Assert.That(pages[^1]["next"], Is.Null, "the last page says so");
            Assert.That(pages[^1]["items"]!.AsArray(), Is.Not.Empty, "next is null on the last page, not one page later");
        }
    }

    [Test]
    public async Task ListUsers_WhenPageNumberAndCursorReachTheSamePage_AnswerTheSameUsers()
    {
        for (var i = 0; i < 3; i++)
        {
            await Api.RegisterAsync();
        }

        var master = await LoginAsMasterAsync();
        using var first = await Api.SendAsync(HttpMethod.Get, "/users?page=1&page_size=2", master.Token);
        var next = (string)(await Expect.JsonAsync(first, HttpStatusCode.OK))["next"]!;

        using var byNumber = await Api.SendAsync(HttpMethod.Get, "/users?page=2&page_size=2", master.Token);
        using var byCursor = await Api.SendAsync(HttpMethod.Get, $"/users?page_size=2&after={next}", master.Token);

        var numbered = (await Expect.JsonAsync(byNumber, HttpStatusCode.OK))["items"]!.AsArray().Select(i => (string)i!["id"]!);
        var followed = (await Expect.JsonAsync(byCursor, HttpStatusCode.OK))["items"]!.AsArray().Select(i => (string)i!["id"]!);
        Assert.That(followed, Is.EqualTo(numbered));
    }

    [Test]
    public async Task ListUsers_WhenTheCursorIsTamperedWith_Returns400OnAfterAndReadsNothing()
    {
        await Api.RegisterAsync();
        await Api.RegisterAsync();
        var master = await LoginAsMasterAsync();
        using var first = await Api.SendAsync(HttpMethod.Get, "/users?page_size=1", master.Token);
        var next = (string)(await Expect.JsonAsync(first, HttpStatusCode.OK))["next"]!;
        var edited = next[..5] + (next[5] == 'A' ? 'B' : 'A') + next[6..];

        foreach (var after in new[] { edited, next[..^1], next + "A", next + "=", string.Empty })
        {
            using var response = await Api.SendAsync(HttpMethod.Get, $"/users?after={Uri.EscapeDataString(after)}", master.Token);

            var problem = await Expect.ProblemAsync(response, HttpStatusCode.BadRequest, "validation_failed");
            Assert.That(problem["errors"]?.AsObject().Select(e => e.Key), Is.EqualTo(new[] { "after" }), $"after={after}: {problem.ToJsonString()}");
        }
    }

    [Test]
    public async Task ListUsers_WhenACursorComesWithAPagePastTheFirst_Returns400OnPage()
    {
        await Api.RegisterAsync();
        await Api.RegisterAsync();
        var master = await LoginAsMasterAsync();
        using var first = await Api.SendAsync(HttpMethod.Get, "/users?page_size=1", master.Token);
        var next = (string)(await Expect.JsonAsync(first, HttpStatusCode.OK))["next"]!;

        using var response = await Api.SendAsync(HttpMethod.Get, $"/users?page=2&page_size=1&after={next}", master.Token);

        var problem = await Expect.ProblemAsync(response, HttpStatusCode.BadRequest, "validation_failed");
        Assert.That(problem["errors"]?.AsObject().Select(e => e.Key), Is.EqualTo(new[] { "page" }), problem.ToJsonString());
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
