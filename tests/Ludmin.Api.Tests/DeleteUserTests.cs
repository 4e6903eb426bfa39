using System.Net;
using System.Text.Json.Nodes;
using Ludmin.Api.Tests.Support;

namespace Ludmin.Api.Tests;

/// <summary>
/// DELETE /users/{id or me}: the user themself with current_password, or a master for anyone but
/// the last master; everything of the account goes, its tokens are refused on the next request
/// and its addresses can be registered again.
/// </summary>
public sealed class DeleteUserTests : MasterApiTestBase
{
    [Test]
    public async Task Delete_WhenTheUserSendsTheirPassword_Answers204AndEveryTokenOfTheUserIsRefusedNext()
    {
        var session = await Api.NewSessionAsync("closing");
        var laptop = await Api.LoginAsync(session.User.Email, session.User.Password, "Laptop");

        using (var response = await DeleteAsync(session.Token, "me", new { current_password = session.User.Password }))
        {
            await Expect.EmptyAsync(response, HttpStatusCode.NoContent);
        }

        foreach (var token in new[] { session.Token, laptop.Token })
        {
            using var next = await Api.SendAsync(HttpMethod.Get, "/users/me", token);
            await Expect.ProblemAsync(next, HttpStatusCode.Unauthorized, "session_ended");
        }

        using var refresh = await Api.SendAsync(HttpMethod.Get, $"/tokens/{laptop.DeviceId}", laptop.Token);
        Assert.That((string?)(await Expect.JsonAsync(refresh, HttpStatusCode.OK))["type"], Is.EqualTo("public"), "a refresh of a closed account's session is a public token");
        using var login = await LoginAsync(session.User.Email, session.User.Password);
        await Expect.ProblemAsync(login, HttpStatusCode.Unauthorized, "invalid_credentials");
    }

    [Test]
    public async Task Delete_ThenEveryAddressOfTheAccount_CanBeRegisteredAgain()
    {
        var session = await Api.NewSessionAsync("reused");
        var second = Unique.Email("reused-second");
        await Api.UpdateAsync(session.Token, new { email = second, current_password = session.User.Password });

        using (var response = await DeleteAsync(session.Token, session.User.Id, new { current_password = session.User.Password }))
        {
            await Expect.EmptyAsync(response, HttpStatusCode.NoContent);
        }

        var first = await Api.RegisterAsync(session.User.Email.ToUpperInvariant(), "another password 1");
        var again = await Api.RegisterAsync(second, "another password 2");
        Assert.That(first.Id, Is.Not.EqualTo(session.User.Id));
        var login = await Api.LoginAsync(second, "another password 2");
        Assert.That(login.UserId, Is.EqualTo(again.Id));
    }

    [Test]
    public async Task Delete_WhenTheUsersAddressWasThrottled_TheNewHolderStartsWithoutItsFailures()
    {
        var session = await Api.NewSessionAsync("throttled");
        for (var i = 0; i < 6; i++)
        {
            using var failed = await LoginAsync(session.User.Email, "not the password");
            await Expect.ProblemAsync(failed, HttpStatusCode.Unauthorized, "invalid_credentials");
        }

        using (var blocked = await LoginAsync(session.User.Email, session.User.Password))
        {
            await Expect.ProblemAsync(blocked, HttpStatusCode.Unauthorized, "invalid_credentials");
        }

        using (var response = await DeleteAsync(session.Token, "me", new { current_password = session.User.Password }))
        {
            await Expect.EmptyAsync(response, HttpStatusCode.NoContent);
        }

        var newcomer = await Api.RegisterAsync(session.User.Email, "newcomer password 1");
        var login = await Api.LoginAsync(newcomer.Email, newcomer.Password);
        Assert.That(login.UserId, Is.EqualTo(newcomer.Id), "the deleted account's failed logins went with it");
    }

    [Test]
    public async Task Delete_WhenThePasswordIsWrong_Answers400CurrentPasswordInvalidAndKeepsTheAccount()
    {
        var session = await Api.NewSessionAsync("wrong");

        using var response = await DeleteAsync(session.Token, "me", new { current_password = "not the password" });

        var problem = await Expect.ProblemAsync(response, HttpStatusCode.BadRequest, "current_password_invalid");
        Assert.That(problem["errors"]?["current_password"], Is.Not.Null, problem.ToJsonString());
        Assert.That((string?)(await Api.GetUserAsync(session.Token))["id"], Is.EqualTo(session.User.Id));
    }

    [Test]
    public async Task Delete_WhenThePasswordIsMissingOrThereIsNoBody_Answers400ValidationFailed()
    {
        var session = await Api.NewSessionAsync("missing");

        using var empty = await DeleteAsync(session.Token, "me", new { });
        var problem = await Expect.ProblemAsync(empty, HttpStatusCode.BadRequest, "validation_failed");
        Assert.That(problem["errors"]?["current_password"], Is.Not.Null, problem.ToJsonString());
        using var noBody = await Api.SendAsync(HttpMethod.Delete, "/users/me", session.Token);
        await Expect.ProblemAsync(noBody, HttpStatusCode.BadRequest, "validation_failed");

        Assert.That((string?)(await Api.GetUserAsync(session.Token))["id"], Is.EqualTo(session.User.Id));
    }

    [Test]
    public async Task Delete_WhenAMasterDeletesAnotherUserWithoutABody_Answers204()
    {
        var master = await LoginAsMasterAsync();
        var session = await Api.NewSessionAsync("by-master");

        using (var response = await Api.SendAsync(HttpMethod.Delete, $"/users/{session.User.Id}", master.Token))
        {
            await Expect.EmptyAsync(response, HttpStatusCode.NoContent);
        }

        using var next = await Api.SendAsync(HttpMethod.Get, "/users/me", session.Token);
        await Expect.ProblemAsync(next, HttpStatusCode.Unauthorized, "session_ended");
        using var read = await Api.SendAsync(HttpMethod.Get, $"/users/{session.User.Id}", master.Token);
        await Expect.ProblemAsync(read, HttpStatusCode.NotFound, "user_not_found");
        using var again = await Api.SendAsync(HttpMethod.Delete, $"/users/{session.User.Id}", master.Token);
        await Expect.ProblemAsync(again, HttpStatusCode.NotFound, "user_not_found");
    }

    [Test]
    public async Task Delete_WhenAUserDeletesAnother_Answers403AndDeletesNothing()
    {
        var ann = await Api.NewSessionAsync("ann");
        var bob = await Api.NewSessionAsync("bob");

        using var response = await DeleteAsync(ann.Token, bob.User.Id, new { current_password = ann.User.Password });

        await Expect.ProblemAsync(response, HttpStatusCode.Forbidden, "forbidden");
        Assert.That((string?)(await Api.GetUserAsync(bob.Token))["id"], Is.EqualTo(bob.User.Id));
    }

    [Test]
    public async Task Delete_WhenTheMasterIsTheLastOne_Answers409LastMasterUntilAnotherIsPromoted()
    {
        var master = await LoginAsMasterAsync();

        using var response = await DeleteAsync(master.Token, "me", new { current_password = MasterPassword });

        await Expect.ProblemAsync(response, HttpStatusCode.Conflict, "last_master");
        Assert.That((bool?)(await Api.GetUserAsync(master.Token))["is_master"], Is.True);
    }

    [Test]
    public async Task Delete_WithAPublicToken_Answers403()
    {
        var device = await Api.PublicTokenAsync();

        using var response = await DeleteAsync(device.Token, "me", new { current_password = "whatever it is" });

        await Expect.ProblemAsync(response, HttpStatusCode.Forbidden, "forbidden");
    }

    [Test]
    public async Task Delete_WhileTheUserLogsInAgainAndAgain_LeavesNoSessionOfTheDeletedUser()
    {
        var session = await Api.NewSessionAsync("racing");
        var device = await Api.PublicTokenAsync();

        var logins = Enumerable.Range(0, 4).Select(async _ =>
        {
            using var login = await Api.SendAsync(HttpMethod.Post, "/tokens", device.Token, new { email = session.User.Email, password = session.User.Password, description = "Racing" });
            var body = await login.Content.ReadAsStringAsync();
            Assert.That(login.StatusCode, Is.EqualTo(HttpStatusCode.Created).Or.EqualTo(HttpStatusCode.Unauthorized).Or.EqualTo(HttpStatusCode.Conflict), body);
            return login.StatusCode == HttpStatusCode.Created ? LudminApi.ToToken(JsonNode.Parse(body)!) : null;
        }).ToList();
        using (var response = await DeleteAsync(session.Token, "me", new { current_password = session.User.Password }))
        {
            await Expect.EmptyAsync(response, HttpStatusCode.NoContent);
        }

        foreach (var token in (await Task.WhenAll(logins)).Where(t => t is not null))
        {
            using var next = await Api.SendAsync(HttpMethod.Get, "/users/me", token!.Token);
            await Expect.ProblemAsync(next, HttpStatusCode.Unauthorized, "session_ended");
        }
    }

    private Task<HttpResponseMessage> DeleteAsync(string token, string idOrMe, object body) =>
        Api.SendAsync(HttpMethod.Delete, $"/users/{idOrMe}", token, body);

    private async Task<HttpResponseMessage> LoginAsync(string email, string password)
    {
        var device = await Api.PublicTokenAsync();
        return await Api.SendAsync(HttpMethod.Post, "/tokens", device.Token, new { email, password });
    }
}
