using System.Security.Cryptography;
using System.Text;
using Konscious.Security.Cryptography;

namespace Ludmin.Infrastructure.Passwords.Foreign;

/// <summary>
/// Checks a password against a recognised foreign hash with the scheme's own maintained
/// implementation: BCrypt.Net-Next for bcrypt, .NET's PBKDF2, libsodium's Argon2id where it can
/// (one lane, 16-byte salt) and Konscious otherwise and for Argon2i and Argon2d, libsodium's
/// scrypt. The password is read as UTF-8 (a lone surrogate as U+FFFD, as everywhere in Ludmin),
/// and the result compared in constant time. Each call blocks for the hash's whole cost: run it
/// where Ludmin's own hashes run, on a hashing worker.
/// </summary>
internal sealed class ForeignHashVerifier
{
    private readonly IArgon2Engine? _libsodium;
    private readonly string? _libsodiumFailure;

    /// <param name="nativeLoader">Loads libsodium (<see cref="LibsodiumLoader"/>); tests pass one that fails to play a host without it.</param>
    public ForeignHashVerifier(INativeArgon2Loader nativeLoader)
    {
        if (nativeLoader.TryLoad(out var engine, out var failure))
        {
            _libsodium = engine;
        }
        else
        {
            _libsodiumFailure = failure;
        }
    }

    /// <exception cref="InvalidOperationException">The hash is scrypt and libsodium did not load, or memory for it ran out.</exception>
    public bool Verify(string password, ForeignHash hash)
    {
        var passwordBytes = Encoding.UTF8.GetBytes(password);
        try
        {
            return hash switch
            {
                BcryptHash bcrypt => VerifyBcrypt(passwordBytes, bcrypt),
                Pbkdf2Hash pbkdf2 => Matches(
                    Rfc2898DeriveBytes.Pbkdf2(passwordBytes, pbkdf2.Salt, pbkdf2.Iterations, pbkdf2.Prf, pbkdf2.Expected.Length), pbkdf2.Expected),
                Argon2Hash argon2 => Matches(ComputeArgon2(passwordBytes, argon2), argon2.Expected),
                ScryptHash scrypt => Matches(ComputeScrypt(passwordBytes, scrypt), scrypt.Expected),
                _ => throw new ArgumentOutOfRangeException(nameof(hash), hash.Format, "A foreign hash without a verification."),
            };
        }
        finally
        {
            CryptographicOperations.ZeroMemory(passwordBytes);
        }
    }

    private static bool Matches(byte[] actual, byte[] expected) => CryptographicOperations.FixedTimeEquals(actual, expected);

    /// <summary>
    /// BCrypt.Net takes a string and encodes it strictly; given the text these bytes decode to, it
    /// hashes the same bytes as every other scheme here. Like the original it reads the first 72
    /// bytes (the password and its terminating NUL) and ignores the rest.
    /// </summary>
    private static bool VerifyBcrypt(byte[] password, BcryptHash hash)
    {
        var recomputed = BCrypt.Net.BCrypt.HashPassword(Encoding.UTF8.GetString(password), hash.Text);
        return Matches(Encoding.ASCII.GetBytes(recomputed), Encoding.ASCII.GetBytes(hash.Text));
    }

    private byte[] ComputeArgon2(byte[] password, Argon2Hash hash)
    {
        var parameters = new Argon2Parameters { MemoryKiB = hash.MemoryKiB, Iterations = hash.Iterations, Parallelism = hash.Lanes };
        if (hash.Format == ForeignHashFormat.Argon2id && _libsodium is { } native
            && native.WhyNot(parameters, hash.Salt.Length, hash.Expected.Length) is null)
        {
            return native.Compute(password, hash.Salt, parameters, hash.Expected.Length);
        }

        using Argon2 konscious = hash.Format switch
        {
            ForeignHashFormat.Argon2id => new Argon2id(password),
            ForeignHashFormat.Argon2i => new Argon2i(password),
            _ => new Argon2d(password),
        };
        konscious.Salt = hash.Salt;
        konscious.MemorySize = hash.MemoryKiB;
        konscious.Iterations = hash.Iterations;
        konscious.DegreeOfParallelism = hash.Lanes;
        return konscious.GetBytes(hash.Expected.Length);
    }

    private byte[] ComputeScrypt(byte[] password, ScryptHash hash)
    {
        if (_libsodium is null)
        {
            throw new InvalidOperationException($"An scrypt hash can only be verified with libsodium, and {_libsodiumFailure}.");
        }

        var output = new byte[hash.Expected.Length];
        var result = Libsodium.Scrypt(
            password, (nuint)password.Length, hash.Salt, (nuint)hash.Salt.Length,
            1UL << hash.LogN, (uint)hash.BlockSize, (uint)hash.Parallelism, output, (nuint)output.Length);
        return result == 0
            ? output
            : throw new InvalidOperationException($"libsodium's scrypt failed ({result}); it could not allocate {hash.MemoryKiB} KiB.");
    }
}
