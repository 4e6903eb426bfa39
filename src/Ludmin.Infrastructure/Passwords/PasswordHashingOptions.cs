namespace Ludmin.Infrastructure.Passwords;

/// <summary>How passwords are hashed (<c>Ludmin:Passwords</c>), beside the policy the application reads from the same section.</summary>
public sealed class PasswordHashingOptions
{
    public const string Section = "Ludmin:Passwords";

    public Argon2Parameters Argon2 { get; set; } = new();

    /// <summary>Hashes computed at once; each takes a core for about 0.1 s. Default: the core count.</summary>
    public int MaxConcurrentHashes { get; set; } = Environment.ProcessorCount;

    /// <summary>Hashes that may wait for a core; past that a request is refused with 503 and Retry-After.</summary>
    public int HashQueueLength { get; set; } = 16;
}
