using System.Runtime.InteropServices;

namespace Ludmin.Infrastructure.Passwords;

/// <summary>
/// The few libsodium functions Ludmin calls. The native library comes from the NuGet package
/// <c>libsodium</c> (runtimes/&lt;rid&gt;/native), found through the app's deps.json; it is looked
/// for only there and beside the assembly, never on the system's library path, so what runs is
/// the pinned build.
/// </summary>
internal static partial class Libsodium
{
    private const string Name = "libsodium";

    [LibraryImport(Name, EntryPoint = "sodium_init")]
    [DefaultDllImportSearchPaths(DllImportSearchPath.AssemblyDirectory)]
    internal static partial int Init();

    [LibraryImport(Name, EntryPoint = "sodium_version_string")]
    [DefaultDllImportSearchPaths(DllImportSearchPath.AssemblyDirectory)]
    internal static partial nint VersionString();

    [LibraryImport(Name, EntryPoint = "crypto_pwhash_alg_argon2id13")]
    [DefaultDllImportSearchPaths(DllImportSearchPath.AssemblyDirectory)]
    internal static partial int AlgorithmArgon2id13();

    [LibraryImport(Name, EntryPoint = "crypto_pwhash_argon2id_saltbytes")]
    [DefaultDllImportSearchPaths(DllImportSearchPath.AssemblyDirectory)]
    internal static partial nuint SaltBytes();

    [LibraryImport(Name, EntryPoint = "crypto_pwhash_argon2id_bytes_min")]
    [DefaultDllImportSearchPaths(DllImportSearchPath.AssemblyDirectory)]
    internal static partial nuint BytesMin();

    [LibraryImport(Name, EntryPoint = "crypto_pwhash_argon2id_bytes_max")]
    [DefaultDllImportSearchPaths(DllImportSearchPath.AssemblyDirectory)]
    internal static partial nuint BytesMax();

    [LibraryImport(Name, EntryPoint = "crypto_pwhash_argon2id_opslimit_min")]
    [DefaultDllImportSearchPaths(DllImportSearchPath.AssemblyDirectory)]
    internal static partial nuint OpsLimitMin();

    [LibraryImport(Name, EntryPoint = "crypto_pwhash_argon2id_opslimit_max")]
    [DefaultDllImportSearchPaths(DllImportSearchPath.AssemblyDirectory)]
    internal static partial nuint OpsLimitMax();

    [LibraryImport(Name, EntryPoint = "crypto_pwhash_argon2id_memlimit_min")]
    [DefaultDllImportSearchPaths(DllImportSearchPath.AssemblyDirectory)]
    internal static partial nuint MemLimitMin();

    [LibraryImport(Name, EntryPoint = "crypto_pwhash_argon2id_memlimit_max")]
    [DefaultDllImportSearchPaths(DllImportSearchPath.AssemblyDirectory)]
    internal static partial nuint MemLimitMax();

    /// <summary>
    /// <c>int crypto_pwhash(unsigned char *out, unsigned long long outlen, const char *passwd,
    /// unsigned long long passwdlen, const unsigned char salt[16], unsigned long long opslimit,
    /// size_t memlimit, int alg)</c>: 0, or -1 when a limit is broken or memory runs out.
    /// </summary>
    [LibraryImport(Name, EntryPoint = "crypto_pwhash")]
    [DefaultDllImportSearchPaths(DllImportSearchPath.AssemblyDirectory)]
    internal static partial int PasswordHash(
        Span<byte> output, ulong outputLength, ReadOnlySpan<byte> password, ulong passwordLength,
        ReadOnlySpan<byte> salt, ulong opsLimit, nuint memLimit, int algorithm);
}
