namespace Ludmin.Infrastructure.Passwords;

/// <summary>How passwords are hashed (<c>Ludmin:Passwords</c>), beside the policy the application reads from the same section.</summary>
public sealed class PasswordHashingOptions
{
    public const string Section = "Ludmin:Passwords";

    public Argon2Parameters Argon2 { get; set; } = new();

    /// <summary>Hashes computed at once, each on a thread of its own. Default: the core count.</summary>
    public int MaxConcurrentHashes { get; set; } = Environment.ProcessorCount;

    /// <summary>
    /// A hash is admitted while its expected wait for a lane stays under this; beyond it the
    /// request is refused with 503 server_busy and a Retry-After from the queue.
    /// </summary>
    public TimeSpan MaxHashWait { get; set; } = TimeSpan.FromSeconds(2);

    /// <summary>
    /// A hard cap on hashes waiting, whatever the expected wait: a memory bound (each holds its
    /// request and password until it runs), reached only when hashes are very cheap.
    /// </summary>
    public int HashQueueLength { get; set; } = 1024;
}
