using System.Net;
using Ludmin.Api.Tests.Support;

namespace Ludmin.Api.Tests;

/// <summary>POST /users/reset: a code for a user's current email, delivered to the pickup directory; the same 202 for every address.</summary>
public sealed class RequestResetTests : ApiTestBase
{
    [Test]
    public async Task RequestReset_WhenEmailIsAUsersCurrentOne_Returns202AndDeliversACode()
    {
        var user = await Api.RegisterAsync(Unique.Email("Reset.Me"));
        var before = DateTimeOffset.UtcNow.AddSeconds(-1);

        using var response = await SendAsync(user.Email);

        await Expect.EmptyAsync(response, HttpStatusCode.Accepted);
        var delivered = await ResetCodePickup.WaitForAsync(Factory.PickupDirectory, f => f.Email == user.Email);
        using (Assert.EnterMultipleScope())
        {
            Assert.That(delivered.Code, Does.Match("^[0-9]{6}$"));
            Assert.That(delivered.ExpiresAt, Is.GreaterThan(before.AddMinutes(15)).And.LessThanOrEqualTo(DateTimeOffset.UtcNow.AddMinutes(15)));
            Assert.That(Path.GetDirectoryName(delivered.Path), Is.EqualTo(Factory.PickupDirectory));
        }
    }

    [Test]
    public async Task RequestReset_WhenEmailDiffersInCase_DeliversTheCodeToTheAddressAsStored()
    {
        var user = await Api.RegisterAsync(Unique.Email("Stored.As.Typed"));

        using var response = await SendAsync($"  {user.Email.ToUpperInvariant()} ");

        await Expect.EmptyAsync(response, HttpStatusCode.Accepted);
        var delivered = await ResetCodePickup.WaitForAsync(Factory.PickupDirectory, f => string.Equals(f.Email, user.Email, StringComparison.OrdinalIgnoreCase));
        Assert.That(delivered.Email, Is.EqualTo(user.Email));
    }

    [Test]
    public async Task RequestReset_WhenEmailIsUnknown_Returns202AndDeliversAndStoresNothing()
    {
        await Api.RegisterAsync();
        var files = ResetCodePickup.ReadAll(Factory.PickupDirectory).Count;
        var before = await Api.StoreSnapshotAsync();

        using var response = await SendAsync(Unique.Email("nobody"));

        await Expect.EmptyAsync(response, HttpStatusCode.Accepted);
        using (Assert.EnterMultipleScope())
        {
            Assert.That(ResetCodePickup.ReadAll(Factory.PickupDirectory), Has.Count.EqualTo(files));
            Assert.That(await Api.StoreSnapshotAsync(), Is.EqualTo(before));
        }
    }

    [Test]
    public async Task RequestReset_WhenEmailIsAPastOne_Returns202AndDeliversNothing()
    {
        var session = await Api.NewSessionAsync();
        await Api.UpdateAsync(session.Token, new { email = Unique.Email("current"), current_password = session.User.Password });
        var files = ResetCodePickup.ReadAll(Factory.PickupDirectory).Count;
        var before = await Api.StoreSnapshotAsync();

        using var response = await SendAsync(session.User.Email);

        await Expect.EmptyAsync(response, HttpStatusCode.Accepted);
        using (Assert.EnterMultipleScope())
        {
            Assert.That(ResetCodePickup.ReadAll(Factory.PickupDirectory), Has.Count.EqualTo(files));
            Assert.That(await Api.StoreSnapshotAsync(), Is.EqualTo(before));
        }
    }

    [Test]
    public async Task RequestReset_WhetherTheEmailExistsOrNot_AnswersTheSame()
    {
        var user = await Api.RegisterAsync();

        using var known = await SendAsync(user.Email);
        using var unknown = await SendAsync(Unique.Email("nobody"));

        using (Assert.EnterMultipleScope())
        {
            Assert.That(known.StatusCode, Is.EqualTo(unknown.StatusCode));
            Assert.That(await known.Content.ReadAsStringAsync(), Is.EqualTo(await unknown.Content.ReadAsStringAsync()));
            Assert.That(Headers(known), Is.EquivalentTo(Headers(unknown)));
        }
    }

    [Test]
    public async Task RequestReset_WhenACodeIsIssued_StoresOnlyAKeyedHashOfIt()
    {
        var user = await Api.RegisterAsync();

        var code = await Api.RequestResetCodeAsync(user.Email);

        var stored = await StoreSnapshot.ScalarAsync(Factory.DatabasePath, "SELECT code_hash FROM password_resets WHERE user_id = $id", ("$id", user.Id));
        using (Assert.EnterMultipleScope())
        {
            Assert.That(stored, Does.Match("^[0-9a-f]{64}$"));
            Assert.That(await Api.StoreSnapshotAsync(), Does.Not.Contain(code));
        }
    }

    [Test]
    public async Task RequestReset_WhenNoTokenIsSent_Returns401TokenMissingAndDeliversNothing()
    {
        var user = await Api.RegisterAsync();

        using var response = await Api.SendAsync(HttpMethod.Post, "/users/reset", json: new { email = user.Email });

        await Expect.ProblemAsync(response, HttpStatusCode.Unauthorized, "token_missing");
        Assert.That(ResetCodePickup.ReadAll(Factory.PickupDirectory).Where(f => f.Email == user.Email), Is.Empty);
    }

    [Test]
    public async Task RequestReset_WhenEmailIsMalformed_Returns400ValidationFailed()
    {
        using var response = await SendAsync("not an email");

        var problem = await Expect.ProblemAsync(response, HttpStatusCode.BadRequest, "validation_failed");
        Assert.That(problem["errors"]?.AsObject().Select(e => e.Key), Does.Contain("email"));
    }

    private async Task<HttpResponseMessage> SendAsync(string email)
    {
        var token = await Api.PublicTokenAsync();
        return await Api.SendAsync(HttpMethod.Post, "/users/reset", token.Token, new { email });
    }

    private static IEnumerable<string> Headers(HttpResponseMessage response) =>
        response.Headers.Concat(response.Content.Headers)
            .Where(h => h.Key != "Date")
            .Select(h => $"{h.Key}: {string.Join(',', h.Value)}");
}
