using System.Security.Cryptography;
using System.Text;
using Microsoft.IdentityModel.Tokens;

namespace Ludmin.Api.Tests.Support;

/// <summary>
/// Tokens an ES256 server must refuse: ES256 signed with another key, an unknown or missing kid,
/// the algorithm switched to HMAC keyed with the public key (in every form a verifier might hold
/// it) or with the HS256 secret the server also has configured, keys offered in the header
/// (<c>jwk</c>, <c>jku</c>, <c>x5u</c>), and curves or algorithms the key is not for.
/// </summary>
public static class Es256ForgedTokens
{
    public static IEnumerable<RefusedToken> All()
    {
        yield return new("ES256 signed with another key under our kid", s => Signed(s, TestTokens.EcCredentials(TestTokens.ForgerEcPem)));
        yield return new("ES256 signed with another key under its own kid", s => Signed(s, TestTokens.EcCredentials(TestTokens.ForgerEcPem, "forger")));
        yield return new("ES256 with our key under an unknown kid", s => Signed(s, TestTokens.EcCredentials(kid: "test-es256-2")));
        yield return new("ES256 with our key under a kid of another case", s => Signed(s, TestTokens.EcCredentials(kid: "TEST-ES256")));
        yield return new("ES256 with our key and no kid", s => Signed(s, TestTokens.EcCredentials(kid: null)));
        yield return new("ES256 with our key, kid pointing at a file", s => Signed(s, TestTokens.EcCredentials(kid: "../../signing-key")));
        yield return new("HS256 under our kid, keyed with the public key PEM", s => Hmac(s, "HS256", Encoding.ASCII.GetBytes(PublicPem())));
        yield return new("HS256 under our kid, keyed with the public key DER", s => Hmac(s, "HS256", Ours().ExportSubjectPublicKeyInfo()));
        yield return new("HS256 under our kid, keyed with the JWKS entry", s => Hmac(s, "HS256", Encoding.UTF8.GetBytes(JwkJson())));
        yield return new("HS256 under our kid, keyed with the curve point", s => Hmac(s, "HS256", [0x04, .. Point().X!, .. Point().Y!]));
        yield return new("HS256 under our kid, keyed with the x coordinate", s => Hmac(s, "HS256", Point().X!));
        yield return new("HS256 under our kid, keyed with the configured HS256 secret", s => Hmac(s, "HS256", Encoding.UTF8.GetBytes(TestTokens.SigningKey)));
        yield return new("HS256 without kid, keyed with the configured HS256 secret", s => TestTokens.Manual("""{"alg":"HS256","typ":"JWT"}""", TestTokens.UserPayload(s), TestTokens.SignWithServerKey));
        yield return new("HS256 with kid signing-key (the HS key's file), keyed with the HS256 secret", s => Hmac(s, "HS256", Encoding.UTF8.GetBytes(TestTokens.SigningKey), kid: "signing-key"));
        yield return new("HS512 under our kid, keyed with the public key PEM", s => Hmac(s, "HS512", Encoding.ASCII.GetBytes(PublicPem())));
        yield return new("ES384 in the header over our key's ES256 signature", s => Relabelled(Signed(s, TestTokens.EcCredentials()), """{"alg":"ES384","kid":"test-es256","typ":"JWT"}"""));
        yield return new("ES256 by the forger with the forger's key embedded as jwk", s => Signed(s, TestTokens.EcCredentials(TestTokens.ForgerEcPem, kid: null), new Dictionary<string, object> { ["jwk"] = ForgerJwk() }));
        yield return new("ES256 by the forger under our kid, with the forger's key embedded as jwk", s => Signed(s, TestTokens.EcCredentials(TestTokens.ForgerEcPem), new Dictionary<string, object> { ["jwk"] = ForgerJwk() }));
        yield return new("ES256 by the forger naming a jku of the forger's", s => Signed(s, TestTokens.EcCredentials(TestTokens.ForgerEcPem, "forger"), new Dictionary<string, object> { ["jku"] = "https://forger.invalid/jwks.json" }));
        yield return new("ES256 by the forger under our kid with a jku of the forger's", s => Signed(s, TestTokens.EcCredentials(TestTokens.ForgerEcPem), new Dictionary<string, object> { ["jku"] = "http://localhost/.well-known/jwks.json" }));
        yield return new("ES256 by the forger naming an x5u of the forger's", s => Signed(s, TestTokens.EcCredentials(TestTokens.ForgerEcPem, "forger"), new Dictionary<string, object> { ["x5u"] = "https://forger.invalid/cert.pem" }));
        yield return new("alg none under our kid", s => $"{Base64UrlEncoder.Encode("""{"alg":"none","kid":"test-es256","typ":"JWT"}""")}.{Base64UrlEncoder.Encode(TestTokens.UserPayload(s))}.");
        yield return new("our ES256 user token with its signature cut off", s => string.Join('.', s.Token.Split('.')[..2]) + ".");
        yield return new("our ES256 token with the payload edited to the master grant", s => $"{s.Token.Split('.')[0]}.{Base64UrlEncoder.Encode(TestTokens.UserPayload(s, master: true))}.{s.Token.Split('.')[2]}");
        yield return new("our ES256 key, another audience", s => Signed(s, TestTokens.EcCredentials(), audience: "someone-else"));
        yield return new("our ES256 key, another issuer", s => Signed(s, TestTokens.EcCredentials(), issuer: "someone-else"));
        yield return new("our ES256 key, expired an hour ago", s => Signed(s, TestTokens.EcCredentials(), expires: DateTimeOffset.UtcNow.AddHours(-1)), RefusedWithinRefreshWindow: false);
        yield return new("another ES256 key, expired an hour ago (invalid, not expired)", s => Signed(s, TestTokens.EcCredentials(TestTokens.ForgerEcPem), expires: DateTimeOffset.UtcNow.AddHours(-1)));
    }

    /// <summary>A user token of the session with every claim right, signed with <paramref name="credentials"/>.</summary>
    public static string Signed(UserSession session, SigningCredentials credentials, IDictionary<string, object>? header = null, string? audience = null, string? issuer = null, DateTimeOffset? expires = null) =>
        TestTokens.Create(new TokenSpec
        {
            DeviceId = session.DeviceId,
            Subject = session.User.Id,
            SessionId = session.SessionId,
            Email = session.User.Email,
            Allowed = ["basics"],
            Credentials = credentials,
            Header = header,
            Audience = audience ?? TestTokens.Audience,
            Issuer = issuer ?? TestTokens.Issuer,
            Expires = expires,
        });

    private static string Hmac(UserSession session, string alg, byte[] key, string kid = TestTokens.EcKeyId) =>
        TestTokens.Manual(
            $$"""{"alg":"{{alg}}","kid":"{{kid}}","typ":"JWT"}""",
            TestTokens.UserPayload(session),
            input => alg == "HS512" ? HMACSHA512.HashData(key, input) : HMACSHA256.HashData(key, input));

    private static string Relabelled(string token, string headerJson)
    {
        var parts = token.Split('.');
        return $"{Base64UrlEncoder.Encode(headerJson)}.{parts[1]}.{parts[2]}";
    }

    private static ECDsa Ours()
    {
        var key = ECDsa.Create();
        key.ImportFromPem(TestTokens.EcPem);
        return key;
    }

    private static ECPoint Point() => Ours().ExportParameters(includePrivateParameters: false).Q;

    private static string PublicPem() => Ours().ExportSubjectPublicKeyInfoPem();

    private static string JwkJson() =>
        $$"""{"kty":"EC","crv":"P-256","x":"{{Base64UrlEncoder.Encode(Point().X!)}}","y":"{{Base64UrlEncoder.Encode(Point().Y!)}}","kid":"test-es256","alg":"ES256","use":"sig"}""";

    private static Dictionary<string, object> ForgerJwk()
    {
        using var forger = ECDsa.Create();
        forger.ImportFromPem(TestTokens.ForgerEcPem);
        var point = forger.ExportParameters(includePrivateParameters: false).Q;
        return new Dictionary<string, object>
        {
            ["kty"] = "EC",
            ["crv"] = "P-256",
            ["x"] = Base64UrlEncoder.Encode(point.X!),
            ["y"] = Base64UrlEncoder.Encode(point.Y!),
        };
    }
}
