using Microsoft.IdentityModel.Tokens;

namespace Ludmin.Api.Tests.Support;

/// <summary>What <see cref="TestTokens.Create"/> puts in a token; by default a valid public token's shape.</summary>
public sealed record TokenSpec
{
    public string? DeviceId { get; init; }

    public string[]? Allowed { get; init; } = ["public"];

    public string? Subject { get; init; }

    /// <summary>The login session (<c>sid</c>); user tokens are honoured only for their stored session.</summary>
    public string? SessionId { get; init; }

    public string? Email { get; init; }

    public DateTimeOffset? Expires { get; init; }

    public string? Key { get; init; }

    public string? Issuer { get; init; } = TestTokens.Issuer;

    public string? Audience { get; init; } = TestTokens.Audience;

    public string Algorithm { get; init; } = SecurityAlgorithms.HmacSha256;

    /// <summary>Signs with these instead of <see cref="Key"/> and <see cref="Algorithm"/> (an RSA key, say).</summary>
    public SigningCredentials? Credentials { get; init; }

    /// <summary>Extra members of the JOSE header (an embedded <c>jwk</c>, say).</summary>
    public IDictionary<string, object>? Header { get; init; }

    public bool WithJti { get; init; } = true;

    /// <summary>iat and nbf.</summary>
    public bool WithTimes { get; init; } = true;

    public bool WithIssuedAt { get; init; } = true;

    public bool WithNotBefore { get; init; } = true;

    public bool WithExpiry { get; init; } = true;
}
