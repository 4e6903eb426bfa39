using System.Text;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;

namespace Ludmin.Api.Tests.Support;

/// <summary>
/// Tokens made here with the test key, to reach what the server would never issue on its own:
/// expired ones, forged ones, ones missing a claim.
/// </summary>
public static class TestTokens
{
    /// <summary>The key the test servers sign with (more than the 32 bytes HS256 needs).</summary>
    public const string SigningKey = "ludmin-api-tests-signing-key-0123456789-abcdefghij";

    /// <summary>Ludmin:SecondFactor:EncryptionKey of the test servers (32 bytes, base64).</summary>
    public const string SecondFactorKey = "bHVkbWluLWFwaS10ZXN0cy1zZWNvbmQtZmFjdG9yLWs=";

    /// <summary>The id of the ES256 key the ES256 test servers sign with.</summary>
    public const string EcKeyId = "test-es256";

    /// <summary>The ES256 (P-256) key of the ES256 test servers, made once per test run.</summary>
    public static readonly string EcPem = Infrastructure.Tokens.EcdsaKeyFile.NewPem();

    /// <summary>A P-256 key of a forger's, which no server knows.</summary>
    public static readonly string ForgerEcPem = Infrastructure.Tokens.EcdsaKeyFile.NewPem();

    public const string Issuer = "ludmin";
    public const string Audience = "ludmin";

    public static string Public(string deviceId, DateTimeOffset? expires = null, string? key = null) =>
        Create(new TokenSpec { DeviceId = deviceId, Expires = expires, Key = key });

    public static string ForUser(string userId, string deviceId, string email, DateTimeOffset? expires = null, bool master = false, string? key = null, string? sessionId = null) =>
        Create(new TokenSpec
        {
            DeviceId = deviceId,
            Subject = userId,
            SessionId = sessionId ?? Unique.Hex32(),
            Email = email,
            Allowed = master ? ["basics", "master"] : ["basics"],
            Expires = expires,
            Key = key,
        });

    public static string Create(TokenSpec spec)
    {
        var expires = (spec.Expires ?? DateTimeOffset.UtcNow.AddMinutes(5)).UtcDateTime;
        var issued = expires.AddMinutes(-5);
        var claims = new Dictionary<string, object>();
        if (spec.DeviceId is not null)
        {
            claims["device_id"] = spec.DeviceId;
        }

        if (spec.Allowed is not null)
        {
            claims["allowed"] = spec.Allowed;
        }

        if (spec.Subject is not null)
        {
            claims["sub"] = spec.Subject;
        }

        if (spec.Email is not null)
        {
            claims["email"] = spec.Email;
        }

        if (spec.SessionId is not null)
        {
            claims["sid"] = spec.SessionId;
        }

        if (spec.WithJti)
        {
            claims["jti"] = Guid.NewGuid().ToString("N");
        }

        var key = new SymmetricSecurityKey(Encoding.UTF8.GetBytes(spec.Key ?? SigningKey));
        var descriptor = new SecurityTokenDescriptor
        {
            Issuer = spec.Issuer,
            Audience = spec.Audience,
            Claims = claims,
            SigningCredentials = spec.Credentials ?? new SigningCredentials(key, spec.Algorithm),
            Expires = spec.WithExpiry ? expires : null,
            NotBefore = spec.WithTimes && spec.WithNotBefore ? issued : null,
            IssuedAt = spec.WithTimes && spec.WithIssuedAt ? issued : null,
            AdditionalHeaderClaims = spec.Header,
        };
        return new JsonWebTokenHandler { SetDefaultTimesOnTokenCreation = false }.CreateToken(descriptor);
    }

    /// <summary>An unsigned token (<c>alg: none</c>) with the claims a valid public token would carry.</summary>
    public static string Unsigned(string deviceId)
    {
        var now = DateTimeOffset.UtcNow;
        var header = Base64Url("""{"alg":"none","typ":"JWT"}""");
        var payload = Base64Url(
            $$"""{"device_id":"{{deviceId}}","allowed":["public"],"jti":"{{Guid.NewGuid():N}}","iss":"{{Issuer}}","aud":"{{Audience}}","iat":{{now.AddMinutes(-1).ToUnixTimeSeconds()}},"nbf":{{now.AddMinutes(-1).ToUnixTimeSeconds()}},"exp":{{now.AddMinutes(5).ToUnixTimeSeconds()}}}""");
        return $"{header}.{payload}.";
    }

    /// <summary>
    /// A token of the given header and payload (JSON), signed by <paramref name="sign"/> over
    /// <c>header.payload</c> as JWS does: whatever a forger might send.
    /// </summary>
    public static string Manual(string headerJson, string payloadJson, Func<byte[], byte[]> sign)
    {
        var signingInput = $"{Base64Url(headerJson)}.{Base64Url(payloadJson)}";
        return $"{signingInput}.{Base64UrlEncoder.Encode(sign(Encoding.ASCII.GetBytes(signingInput)))}";
    }

    /// <summary>HMAC-SHA256 with the servers' key: what a forger who guessed it, or confused algorithms with it, would sign with.</summary>
    public static byte[] SignWithServerKey(byte[] signingInput) =>
        System.Security.Cryptography.HMACSHA256.HashData(Encoding.UTF8.GetBytes(SigningKey), signingInput);

    /// <summary>The claims of a valid user token of the session (fresh times), as payload JSON.</summary>
    public static string UserPayload(UserSession session, bool master = false)
    {
        var now = DateTimeOffset.UtcNow;
        var allowed = master ? """["basics","master"]""" : """["basics"]""";
        return $$"""{"device_id":"{{session.DeviceId}}","sub":"{{session.User.Id}}","sid":"{{session.SessionId}}","email":"{{session.User.Email}}","allowed":{{allowed}},"jti":"{{Guid.NewGuid():N}}","iss":"{{Issuer}}","aud":"{{Audience}}","iat":{{now.AddMinutes(-1).ToUnixTimeSeconds()}},"nbf":{{now.AddMinutes(-1).ToUnixTimeSeconds()}},"exp":{{now.AddMinutes(4).ToUnixTimeSeconds()}}}""";
    }

    /// <summary>ES256 credentials over <paramref name="pem"/> (the servers' key by default), naming <paramref name="kid"/> (none when null).</summary>
    public static SigningCredentials EcCredentials(string? pem = null, string? kid = EcKeyId)
    {
        var ecdsa = System.Security.Cryptography.ECDsa.Create();
        ecdsa.ImportFromPem(pem ?? EcPem);
        return new SigningCredentials(new ECDsaSecurityKey(ecdsa) { KeyId = kid }, SecurityAlgorithms.EcdsaSha256);
    }

    /// <summary>The settings that make a test server sign ES256 with <see cref="EcPem"/> (its HS256 SigningKey stays set, and unused).</summary>
    public static Dictionary<string, string?> Es256Settings() => new()
    {
        ["Ludmin:Tokens:Algorithm"] = "ES256",
        ["Ludmin:Tokens:Keys:0:Id"] = EcKeyId,
        ["Ludmin:Tokens:Keys:0:Pem"] = EcPem,
    };

    /// <summary>The token's header and claims, unchecked, to look at what the server put in it.</summary>
    public static JsonWebToken Read(string token) => new(token);

    /// <summary>The values of the <c>allowed</c> claim.</summary>
    public static string[] Allowed(string token) => [.. Read(token).Claims.Where(c => c.Type == "allowed").Select(c => c.Value)];

    private static string Base64Url(string json) => Base64UrlEncoder.Encode(json);
}
