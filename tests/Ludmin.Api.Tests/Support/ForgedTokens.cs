using System.Security.Cryptography;
using Microsoft.IdentityModel.Tokens;

namespace Ludmin.Api.Tests.Support;

/// <summary>
/// Every kind of token the server must not honour, made for a logged-in session: garbage,
/// forged, unsigned, another algorithm or key, tampered, expired, for another issuer or
/// audience, or missing a claim Ludmin requires.
/// </summary>
public static class ForgedTokens
{
    public const string OtherKey = "another-key-that-is-long-enough-for-hs256-0123456789";

    public static IEnumerable<RefusedToken> All()
    {
        yield return new("garbage", _ => "not-a-token");
        yield return new("garbage, bare", _ => "not-a-token", Bare: true);
        yield return new("an empty JWT", _ => "..");
        yield return new("signed with another key", s => TestTokens.ForUser(s.User.Id, s.DeviceId, s.User.Email, key: OtherKey, sessionId: s.SessionId));
        yield return new("signed with another key, bare", s => TestTokens.ForUser(s.User.Id, s.DeviceId, s.User.Email, key: OtherKey, sessionId: s.SessionId), Bare: true);
        yield return new("unsigned (alg none)", s => TestTokens.Unsigned(s.DeviceId));
        yield return new("a user token with alg none", s => Unsigned("none", TestTokens.UserPayload(s)));
        yield return new("a user token with alg None", s => Unsigned("None", TestTokens.UserPayload(s)));
        yield return new("a user token with alg NONE and our signature left on", s => WithSignatureOf(Unsigned("NONE", TestTokens.UserPayload(s)), s.Token));
        yield return new("a user token with its signature cut off", s => string.Join('.', s.Token.Split('.')[..2]) + ".");
        yield return new("HS384 with our key", s => TestTokens.Create(new TokenSpec { DeviceId = s.DeviceId, Algorithm = SecurityAlgorithms.HmacSha384 }));
        yield return new("a user token, HS384 with our key", s => UserToken(s, spec => spec with { Algorithm = SecurityAlgorithms.HmacSha384 }));
        yield return new("a user token, HS512 with our key", s => TestTokens.Manual("""{"alg":"HS512","typ":"JWT"}""", TestTokens.UserPayload(s), input => HMACSHA512.HashData(System.Text.Encoding.UTF8.GetBytes(TestTokens.SigningKey), input)));
        yield return new("RS256 in the header, HMAC-signed with our key", s => TestTokens.Manual("""{"alg":"RS256","typ":"JWT"}""", TestTokens.UserPayload(s), TestTokens.SignWithServerKey));
        yield return new("RS256 signed with a key of the forger's", s => UserToken(s, spec => spec with { Credentials = ForgerRsa() }));
        yield return new("RS256 with the forger's public key embedded as jwk", s => UserToken(s, spec => spec with { Credentials = ForgerRsa(), Header = ForgerJwkHeader() }));
        yield return new("signature of another token", Resigned);
        yield return new("payload edited to another user", Tampered);
        yield return new("payload edited to add the master grant", s => $"{s.Token.Split('.')[0]}.{Base64UrlEncoder.Encode(TestTokens.UserPayload(s, master: true))}.{s.Token.Split('.')[2]}");
        yield return new("expired an hour ago", s => TestTokens.ForUser(s.User.Id, s.DeviceId, s.User.Email, DateTimeOffset.UtcNow.AddHours(-1), sessionId: s.SessionId), RefusedWithinRefreshWindow: false);
        yield return new("expired a minute ago (beyond the 30 s skew)", s => TestTokens.ForUser(s.User.Id, s.DeviceId, s.User.Email, DateTimeOffset.UtcNow.AddMinutes(-1), sessionId: s.SessionId), RefusedWithinRefreshWindow: false);
        yield return new("expired an hour ago and signed with another key (invalid, not expired)", s => TestTokens.ForUser(s.User.Id, s.DeviceId, s.User.Email, DateTimeOffset.UtcNow.AddHours(-1), key: OtherKey, sessionId: s.SessionId));
        yield return new("not valid before ten minutes from now", s => TestTokens.ForUser(s.User.Id, s.DeviceId, s.User.Email, DateTimeOffset.UtcNow.AddMinutes(15), sessionId: s.SessionId));
        yield return new("another issuer", s => TestTokens.Create(new TokenSpec { DeviceId = s.DeviceId, Issuer = "someone-else" }));
        yield return new("another audience", s => TestTokens.Create(new TokenSpec { DeviceId = s.DeviceId, Audience = "someone-else" }));
        yield return new("a user token of another issuer", s => UserToken(s, spec => spec with { Issuer = "someone-else" }));
        yield return new("a user token for another audience", s => UserToken(s, spec => spec with { Audience = "someone-else" }));
        yield return new("no issuer", s => TestTokens.Create(new TokenSpec { DeviceId = s.DeviceId, Issuer = null }));
        yield return new("no audience", s => TestTokens.Create(new TokenSpec { DeviceId = s.DeviceId, Audience = null }));
        yield return new("no expiry", s => TestTokens.Create(new TokenSpec { DeviceId = s.DeviceId, WithExpiry = false }));
        yield return new("a user token without expiry", s => UserToken(s, spec => spec with { WithExpiry = false }));
        yield return new("no iat and nbf", s => TestTokens.Create(new TokenSpec { DeviceId = s.DeviceId, WithTimes = false }));
        yield return new("a user token without iat", s => UserToken(s, spec => spec with { WithIssuedAt = false }));
        yield return new("a user token without nbf", s => UserToken(s, spec => spec with { WithNotBefore = false }));
        yield return new("no jti", s => TestTokens.Create(new TokenSpec { DeviceId = s.DeviceId, WithJti = false }));
        yield return new("a user token without jti", s => UserToken(s, spec => spec with { WithJti = false }));
        yield return new("a user token without sid", s => UserToken(s, spec => spec with { SessionId = null }));
        yield return new("a user token whose sid is not a session id", s => UserToken(s, spec => spec with { SessionId = "any" }));
        yield return new("no device_id", _ => TestTokens.Create(new TokenSpec { DeviceId = null }));
        yield return new("a device_id that is not 32 hex", _ => TestTokens.Create(new TokenSpec { DeviceId = "not-a-device" }));
        yield return new("no allowed claim", s => TestTokens.Create(new TokenSpec { DeviceId = s.DeviceId, Allowed = null }));
        yield return new("a sub that is not a user id", s => TestTokens.Create(new TokenSpec { DeviceId = s.DeviceId, Subject = "admin", Allowed = ["basics"] }));
    }

    /// <summary>A valid user token of the session, signed with the test key, changed by <paramref name="change"/>.</summary>
    private static string UserToken(UserSession session, Func<TokenSpec, TokenSpec> change) =>
        TestTokens.Create(change(new TokenSpec
        {
            DeviceId = session.DeviceId,
            Subject = session.User.Id,
            SessionId = session.SessionId,
            Email = session.User.Email,
            Allowed = ["basics"],
        }));

    private static string Unsigned(string alg, string payloadJson) =>
        $"{Base64UrlEncoder.Encode($$"""{"alg":"{{alg}}","typ":"JWT"}""")}.{Base64UrlEncoder.Encode(payloadJson)}.";

    private static string WithSignatureOf(string token, string signed) => token + signed.Split('.')[2];

    private static readonly RSA Forger = RSA.Create(2048);

    private static SigningCredentials ForgerRsa() => new(new RsaSecurityKey(Forger), SecurityAlgorithms.RsaSha256);

    private static Dictionary<string, object> ForgerJwkHeader()
    {
        var parameters = Forger.ExportParameters(includePrivateParameters: false);
        return new Dictionary<string, object>
        {
            ["jwk"] = new Dictionary<string, object>
            {
                ["kty"] = "RSA",
                ["n"] = Base64UrlEncoder.Encode(parameters.Modulus!),
                ["e"] = Base64UrlEncoder.Encode(parameters.Exponent!),
            },
        };
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
