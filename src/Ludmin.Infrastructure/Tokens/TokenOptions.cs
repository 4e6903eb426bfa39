namespace Ludmin.Infrastructure.Tokens;

/// <summary>Token signing and lifetimes (<c>Ludmin:Tokens</c>).</summary>
public sealed class TokenOptions
{
    public const string Section = "Ludmin:Tokens";

    /// <summary>The HS256 key, at least 32 bytes (UTF-8). Only Development may leave it unset.</summary>
    public string? SigningKey { get; set; }

    public string Issuer { get; set; } = "ludmin";

    public string Audience { get; set; } = "ludmin";

    public TimeSpan AccessTokenLifetime { get; set; } = TimeSpan.FromMinutes(5);

    /// <summary>How long after expiry a token may still be exchanged for a new one (GET /tokens/{device_id}).</summary>
    public TimeSpan RefreshWindow { get; set; } = TimeSpan.FromDays(30);

    /// <summary>Clock difference tolerated between machines; kept small, since it adds to every token's life.</summary>
    public TimeSpan ClockSkew { get; set; } = TimeSpan.FromSeconds(30);
}
