using System.Net;
using Ludmin.Api.Tests.Support;
using Microsoft.IdentityModel.Tokens;

namespace Ludmin.Api.Tests;

/// <summary>
/// The Authorization header in both of the seed's forms, and every kind of token the server
/// must not honour: forged, unsigned, another algorithm, expired, for somebody else, incomplete.
/// </summary>
public sealed class AuthorizationHeaderTests : ApiTestBase
{
    private const string OtherKey = "another-key-that-is-long-enough-for-hs256-0123456789";

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

        await Expect.ProblemAsync(response, HttpStatusCode.Unauthorized, "token_invalid");
    }

    [TestCaseSource(nameof(RefusedTokens))]
    public async Task RequestReset_WhenTokenIsNotHonoured_Returns401TokenInvalid(RefusedToken refused)
    {
        var session = await Api.NewSessionAsync();

        using var response = await Api.SendAsync(HttpMethod.Post, "/users/reset", refused.Make(session), new { email = session.User.Email }, refused.Bare);

        await Expect.ProblemAsync(response, HttpStatusCode.Unauthorized, "token_invalid");
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

    private static IEnumerable<TestCaseData> RefusedTokens()
    {
        static TestCaseData Case(string name, Func<UserSession, string> make, bool bare = false) =>
            new TestCaseData(new RefusedToken(name, make, bare)).SetArgDisplayNames(name);

        yield return Case("garbage", _ => "not-a-token");
        yield return Case("garbage, bare", _ => "not-a-token", bare: true);
        yield return Case("an empty JWT", _ => "..");
        yield return Case("signed with another key", s => TestTokens.ForUser(s.User.Id, s.DeviceId, s.User.Email, key: OtherKey, sessionId: s.SessionId));
        yield return Case("signed with another key, bare", s => TestTokens.ForUser(s.User.Id, s.DeviceId, s.User.Email, key: OtherKey, sessionId: s.SessionId), bare: true);
        yield return Case("unsigned (alg none)", s => TestTokens.Unsigned(s.DeviceId));
        yield return Case("HS384 with our key", s => TestTokens.Create(new TokenSpec { DeviceId = s.DeviceId, Algorithm = SecurityAlgorithms.HmacSha384 }));
        yield return Case("signature of another token", s => Resigned(s));
        yield return Case("payload edited to another user", s => Tampered(s));
        yield return Case("expired an hour ago", s => TestTokens.ForUser(s.User.Id, s.DeviceId, s.User.Email, DateTimeOffset.UtcNow.AddHours(-1), sessionId: s.SessionId));
        yield return Case("expired a minute ago (beyond the 30 s skew)", s => TestTokens.ForUser(s.User.Id, s.DeviceId, s.User.Email, DateTimeOffset.UtcNow.AddMinutes(-1), sessionId: s.SessionId));
        yield return Case("not valid before ten minutes from now", s => TestTokens.ForUser(s.User.Id, s.DeviceId, s.User.Email, DateTimeOffset.UtcNow.AddMinutes(15), sessionId: s.SessionId));
        yield return Case("another issuer", s => TestTokens.Create(new TokenSpec { DeviceId = s.DeviceId, Issuer = "someone-else" }));
        yield return Case("another audience", s => TestTokens.Create(new TokenSpec { DeviceId = s.DeviceId, Audience = "someone-else" }));
        yield return Case("no issuer", s => TestTokens.Create(new TokenSpec { DeviceId = s.DeviceId, Issuer = null }));
        yield return Case("no audience", s => TestTokens.Create(new TokenSpec { DeviceId = s.DeviceId, Audience = null }));
        yield return Case("no expiry", s => TestTokens.Create(new TokenSpec { DeviceId = s.DeviceId, WithExpiry = false }));
        yield return Case("no iat and nbf", s => TestTokens.Create(new TokenSpec { DeviceId = s.DeviceId, WithTimes = false }));
        yield return Case("no jti", s => TestTokens.Create(new TokenSpec { DeviceId = s.DeviceId, WithJti = false }));
        yield return Case("no device_id", _ => TestTokens.Create(new TokenSpec { DeviceId = null }));
        yield return Case("a device_id that is not 32 hex", _ => TestTokens.Create(new TokenSpec { DeviceId = "not-a-device" }));
        yield return Case("no allowed claim", s => TestTokens.Create(new TokenSpec { DeviceId = s.DeviceId, Allowed = null }));
        yield return Case("a sub that is not a user id", s => TestTokens.Create(new TokenSpec { DeviceId = s.DeviceId, Subject = "admin", Allowed = ["basics"] }));
    }

    /// <summary>The header and payload of one valid token with the signature of another.</summary>
    private static string Resigned(UserSession session)
    {
        var own = TestTokens.ForUser(session.User.Id, session.DeviceId, session.User.Email, master: true, sessionId: session.SessionId).Split('.');
        var other = TestTokens.Public(session.DeviceId).Split('.');
        return $"{own[0]}.{own[1]}.{other[2]}";
    }

    /// <summary>A valid token whose payload was swapped for one naming another user, keeping the signature.</summary>
    private static string Tampered(UserSession session)
    {
        var real = session.Token.Split('.');
        var forged = TestTokens.ForUser(Unique.Hex32(), session.DeviceId, session.User.Email, key: OtherKey).Split('.');
        return $"{real[0]}.{forged[1]}.{real[2]}";
    }
}
