using System.Net;
using Ludmin.Api.Tests.Support;

namespace Ludmin.Api.Tests;

/// <summary>
/// The Authorization header in both forms the seed description uses (docs/seed.md), and every kind of token the server
/// must not honour: forged, unsigned, another algorithm, expired, for somebody else, incomplete.
/// </summary>
public sealed class AuthorizationHeaderTests : ApiTestBase
{
    [Test]
    public async Task GetUser_WhenHeaderIsBearerToken_IsServed()
    {
        var session = await Api.NewSessionAsync();

        using var response = await Api.SendAsync(HttpMethod.Get, "/users/me", session.Token);

        Assert.That((string?)(await Expect.JsonAsync(response, HttpStatusCode.OK))["id"], Is.EqualTo(session.User.Id));
    }

    [Test]
    public async Task GetUser_WhenHeaderIsTheBareToken_IsServed()
    {
        var session = await Api.NewSessionAsync();

        using var response = await Api.SendAsync(HttpMethod.Get, "/users/me", session.Token, bareToken: true);

        Assert.That((string?)(await Expect.JsonAsync(response, HttpStatusCode.OK))["id"], Is.EqualTo(session.User.Id));
    }

    [Test]
    public async Task Login_WhenHeaderIsTheBarePublicToken_LogsIn()
    {
        var user = await Api.RegisterAsync();
        var device = await Api.PublicTokenAsync();

        using var response = await Api.SendAsync(HttpMethod.Post, "/tokens", device.Token, new { email = user.Email, password = user.Password, description = "x" }, bareToken: true);

        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.Created));
    }

    [Test]
    public async Task GetUser_WhenNoHeaderIsSent_Returns401TokenMissingWithAChallenge()
    {
        using var response = await Api.SendAsync(HttpMethod.Get, "/users/me");

        await Expect.ProblemAsync(response, HttpStatusCode.Unauthorized, "token_missing");
        Assert.That(response.Headers.WwwAuthenticate.Select(h => h.Scheme), Does.Contain("Bearer"));
    }

    [Test]
    public async Task GetUser_WhenTokenIsMadeWithTheTestKeyForALinkedDevice_IsServed()
    {
        // The control for the refusals below: a token made here, right in every way, is honoured.
        var session = await Api.NewSessionAsync();
        var token = TestTokens.ForUser(session.User.Id, session.DeviceId, session.User.Email, sessionId: session.SessionId);

        using var response = await Api.SendAsync(HttpMethod.Get, "/users/me", token);

        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.OK));
    }

    [TestCaseSource(nameof(RefusedTokens))]
    public async Task GetUser_WhenTokenIsNotHonoured_Returns401TokenInvalid(RefusedToken refused)
    {
        var session = await Api.NewSessionAsync();

        using var response = await Api.SendAsync(HttpMethod.Get, "/users/me", refused.Make(session), bareToken: refused.Bare);

        await Expect.ProblemAsync(response, HttpStatusCode.Unauthorized, refused.Code);
    }

    [TestCaseSource(nameof(RefusedTokens))]
    public async Task RequestReset_WhenTokenIsNotHonoured_Returns401TokenInvalid(RefusedToken refused)
    {
        var session = await Api.NewSessionAsync();

        using var response = await Api.SendAsync(HttpMethod.Post, "/users/reset", refused.Make(session), new { email = session.User.Email }, refused.Bare);

        await Expect.ProblemAsync(response, HttpStatusCode.Unauthorized, refused.Code);
        Assert.That(ResetCodePickup.ReadAll(Factory.PickupDirectory).Where(f => f.Email == session.User.Email), Is.Empty);
    }

    [TestCase("Bearer")]
    [TestCase("Bearer ")]
    [TestCase("Basic dXNlcjpwYXNzd29yZA==")]
    [TestCase("Bearer a b c")]
    [TestCase("Bearer {\"$ne\": null}")]
    public async Task GetUser_WhenHeaderIsNotAToken_Returns401TokenInvalid(string header)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, "/users/me");
        request.Headers.TryAddWithoutValidation("Authorization", header);

        using var response = await Factory.Api.SendAsync(request);

        await Expect.ProblemAsync(response, HttpStatusCode.Unauthorized, "token_invalid");
    }

    [Test]
    public async Task GetUser_WhenTokenIs300KilobytesLong_Returns401TokenInvalid()
    {
        var session = await Api.NewSessionAsync();
        var huge = session.Token + new string('A', 300 * 1024);

        using var response = await Api.SendAsync(HttpMethod.Get, "/users/me", huge);

        await Expect.ProblemAsync(response, HttpStatusCode.Unauthorized, "token_invalid");
    }

    [Test]
    public async Task GetUser_WhenUserTokenNamesAUserThatDoesNotExist_Returns401SessionEnded()
    {
        var token = TestTokens.ForUser(Unique.Hex32(), Unique.Hex32(), Unique.Email());

        using var response = await Api.SendAsync(HttpMethod.Get, "/users/me", token);

        await Expect.ProblemAsync(response, HttpStatusCode.Unauthorized, "session_ended");
    }

    [Test]
    public async Task GetUser_WhenUserTokenNamesADeviceNotLinkedToTheUser_Returns401SessionEnded()
    {
        var session = await Api.NewSessionAsync();
        var token = TestTokens.ForUser(session.User.Id, Unique.Hex32(), session.User.Email, sessionId: session.SessionId);

        using var response = await Api.SendAsync(HttpMethod.Get, "/users/me", token);

        await Expect.ProblemAsync(response, HttpStatusCode.Unauthorized, "session_ended");
    }

    [Test]
    public async Task GetUser_WhenTokenIsPublic_Returns403Forbidden()
    {
        var token = await Api.PublicTokenAsync();

        using var response = await Api.SendAsync(HttpMethod.Get, "/users/me", token.Token);

        await Expect.ProblemAsync(response, HttpStatusCode.Forbidden, "forbidden");
    }

    private static IEnumerable<TestCaseData> RefusedTokens() =>
        ForgedTokens.All().Select(token => new TestCaseData(token).SetArgDisplayNames(token.Name));
}
