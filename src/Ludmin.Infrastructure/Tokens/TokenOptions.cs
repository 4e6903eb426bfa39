namespace Ludmin.Infrastructure.Tokens;

/// <summary>Token signing and lifetimes (<c>Ludmin:Tokens</c>).</summary>
public sealed class TokenOptions
{
    public const string Section = "Ludmin:Tokens";

    /// <summary>
    /// <c>ES256</c> or <c>HS256</c>. Unset: HS256 when a <see cref="SigningKey"/> is configured and no
    /// <see cref="Keys"/> (configurations from before ES256 keep working), ES256 otherwise
    /// (see <see cref="TokenKeys.ChooseAlgorithm"/>).
    /// </summary>
    public string? Algorithm { get; set; }

    /// <summary>The HS256 key, at least 32 bytes (UTF-8). Only Development may leave it unset. Not used with ES256.</summary>
    public string? SigningKey { get; set; }

    /// <summary>The ES256 keys (P-256), each with its id: exactly one signs, the others are published for verification only.</summary>
    public List<TokenKeyOptions> Keys { get; set; } = [];

    public string Issuer { get; set; } = "ludmin";

    /// <summary>
    /// Where Ludmin is reached from outside (<c>https://auth.example.com</c>), for the discovery
    /// document's <c>jwks_uri</c>. Required outside Development (the start refuses without it);
    /// Development, unset, takes it from the request (scheme, Host, path base).
    /// </summary>
    public string? PublicBaseUrl { get; set; }

    public string Audience { get; set; } = "ludmin";

    public TimeSpan AccessTokenLifetime { get; set; } = TimeSpan.FromMinutes(5);

    /// <summary>How long after expiry a token may still be exchanged for a new one (GET /tokens/{device_id}).</summary>
    public TimeSpan RefreshWindow { get; set; } = TimeSpan.FromDays(30);

    /// <summary>
    /// How long after a refresh the token it replaced may refresh again (a client that refreshed
    /// twice at once) before that counts as reuse of a copied token and ends the session.
    /// </summary>
    public TimeSpan RefreshReuseGrace { get; set; } = Application.Common.Options.RefreshRotationOptions.DefaultReuseGrace;

    /// <summary>Clock difference tolerated between machines; kept small, since it adds to every token's life.</summary>
    public TimeSpan ClockSkew { get; set; } = TimeSpan.FromSeconds(30);
}
