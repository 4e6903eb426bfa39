using Microsoft.IdentityModel.Tokens;

namespace Ludmin.Api.Tests.Support;

/// <summary>What <see cref="TestTokens.Create"/> puts in a token; by default a valid public token's shape.</summary>
public sealed class TokenSpec
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

    public bool WithJti { get; init; } = true;

    /// <summary>iat and nbf.</summary>
    public bool WithTimes { get; init; } = true;

    public bool WithExpiry { get; init; } = true;
}
