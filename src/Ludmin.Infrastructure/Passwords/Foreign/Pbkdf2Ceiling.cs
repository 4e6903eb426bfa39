using System.Security.Cryptography;

namespace Ludmin.Infrastructure.Passwords.Foreign;

/// <summary>The iteration ceiling for PBKDF2 with each PRF, and the PRFs' output sizes, shared by every PBKDF2 format.</summary>
internal static class Pbkdf2Ceiling
{
    /// <summary>
    /// The longest derived key taken. Each further output block repeats every iteration, so a
    /// longer key would multiply the cost past the iteration ceiling; no tool writes one.
    /// </summary>
    public const int MaxDerivedBytes = 64;

    public static bool Allows(HashAlgorithmName prf, long iterations, ForeignHashOptions limits) =>
        iterations <= MaxIterations(prf, limits);

    public static int DigestBytes(HashAlgorithmName prf) =>
        prf == HashAlgorithmName.SHA1 ? 20
        : prf == HashAlgorithmName.SHA256 ? 32
        : prf == HashAlgorithmName.SHA512 ? 64
        : throw new ArgumentOutOfRangeException(nameof(prf), prf, "Not a PBKDF2 PRF of the foreign formats.");

    private static long MaxIterations(HashAlgorithmName prf, ForeignHashOptions limits) =>
        prf == HashAlgorithmName.SHA1 ? limits.MaxPbkdf2Sha1Iterations
        : prf == HashAlgorithmName.SHA256 ? limits.MaxPbkdf2Sha256Iterations
        : prf == HashAlgorithmName.SHA512 ? limits.MaxPbkdf2Sha512Iterations
        : throw new ArgumentOutOfRangeException(nameof(prf), prf, "Not a PBKDF2 PRF of the foreign formats.");
}
