using System.Security.Cryptography;

namespace Ludmin.Infrastructure.Passwords.Foreign;

/// <summary>
/// Any PBKDF2 hash (Identity v2/v3, passlib, Django): they differ only in how they write the
/// same four things, so one value and one verification serve them all.
/// </summary>
internal sealed record Pbkdf2Hash(ForeignHashFormat Format, HashAlgorithmName Prf, int Iterations, byte[] Salt, byte[] Expected)
    : ForeignHash(Format);
