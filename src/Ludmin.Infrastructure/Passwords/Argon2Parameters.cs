namespace Ludmin.Infrastructure.Passwords;

/// <summary>Argon2id cost. The defaults are OWASP's first recommendation (19 MiB, 2 passes, 1 lane).</summary>
public sealed class Argon2Parameters
{
    public int MemoryKiB { get; set; } = 19456;

    public int Iterations { get; set; } = 2;

    public int Parallelism { get; set; } = 1;

    public bool SameAs(Argon2Parameters other) =>
        MemoryKiB == other.MemoryKiB && Iterations == other.Iterations && Parallelism == other.Parallelism;
}
