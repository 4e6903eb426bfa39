namespace Ludmin.Infrastructure.Passwords;

/// <summary>Argon2id cost, and the engine that computes it. The defaults are OWASP's first recommendation (19 MiB, 2 passes, 1 lane).</summary>
public sealed class Argon2Parameters
{
    public int MemoryKiB { get; set; } = 19456;

    public int Iterations { get; set; } = 2;

    public int Parallelism { get; set; } = 1;

    /// <summary>
    /// Which implementation computes the hash (<c>Ludmin:Passwords:Argon2:Engine</c>). Not part of
    /// the hash: never written into the PHC string and not compared by <see cref="SameAs"/>.
    /// </summary>
    public Argon2Engine Engine { get; set; } = Argon2Engine.Auto;

    public bool SameAs(Argon2Parameters other) =>
        MemoryKiB == other.MemoryKiB && Iterations == other.Iterations && Parallelism == other.Parallelism;
}
