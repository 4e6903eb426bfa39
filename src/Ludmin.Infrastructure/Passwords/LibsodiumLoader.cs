using System.Diagnostics.CodeAnalysis;
using System.Runtime.InteropServices;
using System.Security.Cryptography;
using System.Text;

namespace Ludmin.Infrastructure.Passwords;

/// <summary>
/// Loads libsodium and proves it computes Argon2id right before a password meets it: one
/// known hash (made by both libsodium and Konscious, which agree) must come out byte for byte.
/// </summary>
internal sealed class LibsodiumLoader : INativeArgon2Loader
{
    private static readonly Argon2Parameters KnownParameters = new() { MemoryKiB = 256, Iterations = 2, Parallelism = 1 };
    private static readonly byte[] KnownPassword = Encoding.UTF8.GetBytes("password");
    private static readonly byte[] KnownSalt = Encoding.UTF8.GetBytes("somesaltsomesalt");
    private static readonly byte[] KnownHash = Convert.FromHexString("CAB746B4621993FDC91EC50787980B414A90A692F0BC68DFE19F9C25B3CBA9EC");

    public bool TryLoad([NotNullWhen(true)] out IArgon2Engine? engine, [NotNullWhen(false)] out string? failure)
    {
        engine = null;
        NativeArgon2Engine native;
        try
        {
            // 0 the first time, 1 when already done; -1 when the library cannot start.
            if (Libsodium.Init() < 0)
            {
                failure = "sodium_init failed";
                return false;
            }

            native = new NativeArgon2Engine(Marshal.PtrToStringUTF8(Libsodium.VersionString()) ?? "(unknown version)");
        }
        catch (Exception ex) when (ex is DllNotFoundException or EntryPointNotFoundException or BadImageFormatException)
        {
            failure = $"the native library libsodium could not be loaded ({ex.GetType().Name}: {ex.Message})";
            return false;
        }

        if (native.WhyNot(KnownParameters, KnownSalt.Length, KnownHash.Length) is { } reason)
        {
            failure = $"{native.Library} refuses the known-answer Argon2id hash: {reason}";
            return false;
        }

        if (!CryptographicOperations.FixedTimeEquals(native.Compute(KnownPassword, KnownSalt, KnownParameters, KnownHash.Length), KnownHash))
        {
            failure = $"{native.Library} did not compute the known Argon2id hash";
            return false;
        }

        engine = native;
        failure = null;
        return true;
    }
}
