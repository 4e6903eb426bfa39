using System.Net;
using Ludmin.Api.Tests.Support;

namespace Ludmin.Api.Tests;

/// <summary>
/// The token attacks on the endpoints AuthorizationHeaderTests does not cover (it takes GET
/// /users/me and POST /users/reset): every forged token refused with 401 token_invalid (an
/// only expired one with token_expired) and nothing changed; and user tokens whose session has ended (a logout, a password change on
/// another device, a reset, a newer login on the same device) refused with 401 session_ended
/// everywhere a live token is needed, refreshed only into a public token.
/// </summary>
public sealed class JwtAttackTests : ApiTestBase
{
    private const string NewPassword = "a brand new password";

    [TestCaseSource(nameof(ForgedOnEveryEndpoint))]
    public async Task Endpoint_WhenTokenIsForged_Returns401TokenInvalidAndChangesNothing(TokenEndpoint endpoint, RefusedToken forged)
    {
        var session = await Api.NewSessionAsync("forged");
        var before = await Api.StoreSnapshotAsync();

        using var response = await endpoint.SendAsync(Api, session, forged.Make(session), forged.Bare);

        await Expect.ProblemAsync(response, HttpStatusCode.Unauthorized, forged.Code);
        Assert.That(response.Headers.WwwAuthenticate.Select(h => h.Scheme), Does.Contain("Bearer"));
        Assert.That(await Api.StoreSnapshotAsync(), Is.EqualTo(before), "a refused token changed the store");
    }

    [Test]
    public async Task GetUser_WhenTheForgersRecipesAreFollowedWithNothingWrong_IsServed()
    {
        // The control for the forgeries: the same builders, with our key, HS256 and every claim, make tokens the server takes.
        var session = await Api.NewSessionAsync("control");
        var byHand = TestTokens.Manual("""{"alg":"HS256","typ":"JWT"}""", TestTokens.UserPayload(session), TestTokens.SignWithServerKey);
        var bySpec = TestTokens.Create(new TokenSpec
        {
            DeviceId = session.DeviceId,
            Subject = session.User.Id,
            SessionId = session.SessionId,
            Email = session.User.Email,
            Allowed = ["basics"],
        });

        foreach (var token in new[] { byHand, bySpec })
        {
            using var response = await Api.SendAsync(HttpMethod.Get, "/users/me", token);
            Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.OK), await response.Content.ReadAsStringAsync());
        }
    }

    [TestCaseSource(nameof(EndedSessionsOnLiveEndpoints))]
    public async Task Endpoint_WhenTheTokensSessionHasEnded_Returns401SessionEndedAndChangesNothing(TokenEndpoint endpoint, EndedSession ended)
    {
        var (stale, live) = await ended.EndAsync(Api);
        var before = await Api.StoreSnapshotAsync();

        using var response = await endpoint.SendAsync(Api, live, stale.Token, bare: false, device: stale.DeviceId);

        await Expect.ProblemAsync(response, HttpStatusCode.Unauthorized, "session_ended");
        Assert.That(await Api.StoreSnapshotAsync(), Is.EqualTo(before), "a token of an ended session changed the store");
    }

    [TestCaseSource(nameof(EndedSessions))]
    public async Task Refresh_WhenTheTokensSessionHasEnded_ReturnsOnlyAPublicTokenForItsDevice(EndedSession ended)
    {
        var (stale, _) = await ended.EndAsync(Api);

        using var response = await Api.SendAsync(HttpMethod.Get, $"/tokens/{stale.DeviceId}", stale.Token);

        var token = LudminApi.ToToken(await Expect.JsonAsync(response, HttpStatusCode.OK));
        using (Assert.EnterMultipleScope())
        {
            Assert.That(token.Type, Is.EqualTo("public"));
            Assert.That(token.UserId, Is.Null);
            Assert.That(TestTokens.Allowed(token.Token), Is.EqualTo(new[] { "public" }));
        }
    }

    [Test]
    public async Task Refresh_WhenTheDeviceIsAnotherUsers_Returns403DeviceMismatchAndChangesNothing()
    {
        var mine = await Api.NewSessionAsync();
        var theirs = await Api.NewSessionAsync();
        var before = await Api.StoreSnapshotAsync();

        using var response = await Api.SendAsync(HttpMethod.Get, $"/tokens/{theirs.DeviceId}", mine.Token);

        await Expect.ProblemAsync(response, HttpStatusCode.Forbidden, "device_mismatch");
        Assert.That(await Api.StoreSnapshotAsync(), Is.EqualTo(before));
    }

    private static IEnumerable<TestCaseData> ForgedOnEveryEndpoint() =>
        from endpoint in TokenEndpoint.All()
        from forged in ForgedTokens.All()
        where forged.RefusedWithinRefreshWindow || !endpoint.TakesExpiredTokens
        select new TestCaseData(endpoint, forged).SetArgDisplayNames(endpoint.Name, forged.Name);

    private static IEnumerable<TestCaseData> EndedSessionsOnLiveEndpoints() =>
        from endpoint in TokenEndpoint.All().Concat(TokenEndpoint.CoveredElsewhere())
        where !endpoint.RefreshesEndedSessions
        from ended in EndedSession.All(NewPassword)
        select new TestCaseData(endpoint, ended).SetArgDisplayNames(endpoint.Name, ended.Name);

    private static IEnumerable<TestCaseData> EndedSessions() =>
        EndedSession.All(NewPassword).Select(ended => new TestCaseData(ended).SetArgDisplayNames(ended.Name));
}
