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
    /// address, so every test would share one allowance (see <see cref="ClientAddresses"/>).
    /// </summary>
    public bool RateLimits { get; init; }

    /// <summary>
    /// Give every request a client address, as Kestrel would: the one in
    /// <see cref="ClientAddressStartupFilter.Header"/>, or a new one for each request that names none.
    /// </summary>
    public bool ClientAddresses { get; init; }

    /// <summary>Replaces the system clock, for tests that move time.</summary>
    public TimeProvider? Clock { get; init; }

    /// <summary><c>Ludmin:Passwords:MaxConcurrentHashes</c>, when not the default (the core count).</summary>
    public int? MaxConcurrentHashes { get; init; }

    /// <summary><c>Ludmin:Passwords:HashQueueLength</c> (the hard cap on waiting hashes), when not the default.</summary>
    public int? HashQueueLength { get; init; }

    /// <summary><c>Ludmin:Passwords:MaxHashWait</c>, when not the default (2 s).</summary>
    public TimeSpan? MaxHashWait { get; init; }

    /// <summary><c>Ludmin:Cors:AllowedOrigins</c>; null leaves the environment's own setting.</summary>
    public IReadOnlyList<string>? CorsAllowedOrigins { get; init; }

    /// <summary>The host environment; Testing unless a test needs Development's or Production's defaults.</summary>
    public string Environment { get; init; } = LudminFactory.EnvironmentName;

    /// <summary>
    /// Another server's data folder, to run a second instance against the same store. The folder
    /// then stays with the server that made it: this one does not delete it.
    /// </summary>
    public string? DataDirectory { get; init; }

    /// <summary>Another server's PostgreSQL database, to run a second instance on the same store (with <see cref="DataDirectory"/>).</summary>
    public string? PostgresConnectionString { get; init; }

    /// <summary>Receives every log entry of the server, of every category, from its own minimum level up.</summary>
    public LogCapture? Logs { get; init; }


    /// <summary>A second instance of <paramref name="first"/>: its data folder and store, its own process state.</summary>
    public static LudminFactoryOptions SecondInstanceOf(LudminFactory first, TimeProvider? clock = null) => new()
    {
        DataDirectory = first.DataDirectory,
        PostgresConnectionString = first.PostgresConnectionString,
        Clock = clock,
    };

    /// <summary>Any further settings, by configuration key.</summary>
    public IReadOnlyDictionary<string, string?> Settings { get; init; } = new Dictionary<string, string?>();

    /// <summary>Services a test adds or replaces after the application's (an exporter to read, a fake).</summary>
    public Action<Microsoft.Extensions.DependencyInjection.IServiceCollection>? Services { get; init; }
}
