using System.Runtime.InteropServices;

namespace Ludmin.Infrastructure.Passwords;

// libsodium's scrypt, for verifying imported passlib scrypt hashes (Passwords/Foreign); the rest of the bindings: Libsodium.cs.
internal static partial class Libsodium
{
    /// <summary>
    /// <c>int crypto_pwhash_scryptsalsa208sha256_ll(const uint8_t *passwd, size_t passwdlen,
    /// const uint8_t *salt, size_t saltlen, uint64_t N, uint32_t r, uint32_t p, uint8_t *buf,
    /// size_t buflen)</c>: plain scrypt (Colin Percival's), N a power of two; 0, or -1 when a
    /// parameter is out of range or its memory cannot be allocated.
    /// </summary>
    [LibraryImport(Name, EntryPoint = "crypto_pwhash_scryptsalsa208sha256_ll")]
    [DefaultDllImportSearchPaths(DllImportSearchPath.AssemblyDirectory)]
    internal static partial int Scrypt(
        ReadOnlySpan<byte> password, nuint passwordLength, ReadOnlySpan<byte> salt, nuint saltLength,
        ulong n, uint r, uint p, Span<byte> output, nuint outputLength);
}
