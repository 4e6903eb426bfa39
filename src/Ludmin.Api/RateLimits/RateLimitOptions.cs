namespace Ludmin.Api.RateLimits;

/// <summary>Request limits per client address and per target email (<c>Ludmin:RateLimits</c>); each instance counts its own.</summary>
public sealed class RateLimitOptions
{
    public const string Section = "Ludmin:RateLimits";

    /// <summary>On by default; benchmarks and load tests turn it off.</summary>
    public bool Enabled { get; set; } = true;

    public WindowLimit PublicTokens { get; set; } = new() { PermitLimit = 60, Window = TimeSpan.FromMinutes(1) };

    public WindowLimit Logins { get; set; } = new() { PermitLimit = 20, Window = TimeSpan.FromMinutes(1) };

    public WindowLimit Registrations { get; set; } = new() { PermitLimit = 10, Window = TimeSpan.FromMinutes(10) };

    public WindowLimit Resets { get; set; } = new() { PermitLimit = 10, Window = TimeSpan.FromMinutes(10) };

    /// <summary>User imports (<c>POST /users/import</c>, masters only), each of up to 1,000 users: 60,000 users a minute from one address.</summary>
    public WindowLimit Imports { get; set; } = new() { PermitLimit = 60, Window = TimeSpan.FromMinutes(1) };

    /// <summary>Reset requests for one email address, from any client: a mailbox is not flooded with codes.</summary>
    public WindowLimit ResetsPerEmail { get; set; } = new() { PermitLimit = 3, Window = TimeSpan.FromHours(1) };
}
