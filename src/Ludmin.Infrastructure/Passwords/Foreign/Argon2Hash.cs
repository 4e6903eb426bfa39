namespace Ludmin.Infrastructure.Passwords.Foreign;

/// <summary>An Argon2 hash of version 19 (0x13), of the variant its <see cref="ForeignHash.Format"/> names.</summary>
internal sealed record Argon2Hash(ForeignHashFormat Format, int MemoryKiB, int Iterations, int Lanes, byte[] Salt, byte[] Expected)
    : ForeignHash(Format);
