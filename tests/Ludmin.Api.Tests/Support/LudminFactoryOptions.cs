namespace Ludmin.Api.Tests.Support;

/// <summary>What a test class needs of its server beyond the common test settings.</summary>
public sealed class LudminFactoryOptions
{
    /// <summary>Keep the configured Argon2 cost (19 MiB, 2 passes) instead of the cheap test cost.</summary>
    public bool DefaultArgon2 { get; init; }

    /// <summary>A master created (or promoted) on start, as <c>Ludmin:Bootstrap</c> does.</summary>
    public string? MasterEmail { get; init; }

    public string? MasterPassword { get; init; }

    /// <summary>
    /// Keep the per-address rate limits on. Off by default: the in-process server has no client
    /// address, so every test would share one allowance.
    /// </summary>
    public bool RateLimits { get; init; }

    /// <summary>Replaces the system clock, for tests that move time.</summary>
    public TimeProvider? Clock { get; init; }
}
