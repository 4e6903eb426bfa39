using System.Globalization;

namespace Ludmin.Infrastructure.Passwords;

/// <summary>
/// libsodium's Argon2id (<c>crypto_pwhash</c> with ARGON2ID13), about 7x faster than Konscious
/// and byte for byte the same. It runs on the calling thread alone: one lane, no thread pool.
/// Made only by <see cref="LibsodiumLoader"/>, once the library has loaded; the limits are the
/// library's own, read from it.
/// </summary>
internal sealed class NativeArgon2Engine : IArgon2Engine
{
    private readonly int _algorithm;
    private readonly int _saltBytes;
    private readonly ulong _bytesMin;
    private readonly ulong _bytesMax;
    private readonly ulong _opsLimitMin;
    private readonly ulong _opsLimitMax;
    private readonly ulong _memLimitMin;
    private readonly ulong _memLimitMax;

    internal NativeArgon2Engine(string version)
    {
        Library = $"libsodium {version}";
        _algorithm = Libsodium.AlgorithmArgon2id13();
        _saltBytes = (int)Libsodium.SaltBytes();
        _bytesMin = Libsodium.BytesMin();
        _bytesMax = Libsodium.BytesMax();
        _opsLimitMin = Libsodium.OpsLimitMin();
        _opsLimitMax = Libsodium.OpsLimitMax();
        _memLimitMin = Libsodium.MemLimitMin();
        _memLimitMax = Libsodium.MemLimitMax();
    }

    public Argon2Engine Kind => Argon2Engine.Native;

    public string Library { get; }

    public string? WhyNot(Argon2Parameters parameters, int saltLength, int hashLength)
    {
        var memoryBytes = (ulong)parameters.MemoryKiB * 1024;
        return parameters.Parallelism != 1 ? Invariant($"libsodium computes one lane only (Parallelism is {parameters.Parallelism})")
            : saltLength != _saltBytes ? Invariant($"libsodium takes a salt of {_saltBytes} bytes only (this one has {saltLength})")
            : (ulong)hashLength < _bytesMin || (ulong)hashLength > _bytesMax ? Invariant($"libsodium makes hashes of {_bytesMin} to {_bytesMax} bytes (this one has {hashLength})")
            : (ulong)parameters.Iterations < _opsLimitMin || (ulong)parameters.Iterations > _opsLimitMax ? Invariant($"libsodium takes {_opsLimitMin} to {_opsLimitMax} iterations (Iterations is {parameters.Iterations})")
            : memoryBytes < _memLimitMin || memoryBytes > _memLimitMax ? Invariant($"libsodium takes {_memLimitMin / 1024} to {_memLimitMax / 1024} KiB (MemoryKiB is {parameters.MemoryKiB})")
            : null;
    }

    public byte[] Compute(byte[] password, byte[] salt, Argon2Parameters parameters, int hashLength)
    {
        if (WhyNot(parameters, salt.Length, hashLength) is { } reason)
        {
            // The hasher asks first; reaching this is a bug of ours, not a wrong password.
            throw new InvalidOperationException($"The native Argon2 engine was given a hash it cannot compute: {reason}.");
        }

        var hash = new byte[hashLength];
        var result = Libsodium.PasswordHash(
            hash, (ulong)hashLength, password, (ulong)password.Length, salt,
            (ulong)parameters.Iterations, (nuint)((ulong)parameters.MemoryKiB * 1024), _algorithm);
        if (result != 0)
        {
            // Within the limits checked above, only a failed allocation of the Argon2 memory is left.
            throw new InvalidOperationException(Invariant($"libsodium's crypto_pwhash failed ({result}); it could not allocate {parameters.MemoryKiB} KiB."));
        }

        return hash;
    }

    private static string Invariant(FormattableString text) => text.ToString(CultureInfo.InvariantCulture);
}
