using System.Buffers.Binary;
using System.Security.Cryptography;

namespace Ludmin.Infrastructure.Passwords.Foreign;

/// <summary>
/// ASP.NET Core Identity's <c>PasswordHasher&lt;TUser&gt;</c> hashes, base64 (standard, padded) of:
/// version 2, <c>0x00 | salt (16) | subkey (32)</c>, PBKDF2-HMAC-SHA1 with 1000 iterations;
/// version 3, <c>0x01 | PRF | iterations | salt length | salt | subkey</c>, the three numbers
/// big-endian 32-bit, the PRF 0 (HMAC-SHA1), 1 (HMAC-SHA256) or 2 (HMAC-SHA512), salt and subkey
/// at least 128 bits each, as Identity's own verifier requires.
/// </summary>
internal static class AspNetIdentityFormat
{
    private const int V2SaltBytes = 16;
    private const int V2SubkeyBytes = 32;
    private const int V2Iterations = 1000;
    private const int V3HeaderBytes = 13;
    private const int MinBytes = 16;

    /// <summary>Null when the text is not base64 starting with Identity's version byte.</summary>
    public static ForeignHashRecognition? TryRead(string text, ForeignHashOptions limits) =>
        HashText.DecodePadded(text) switch
        {
            [0x00, ..] bytes => ReadV2(bytes),
            [0x01, ..] bytes => ReadV3(bytes, limits),
            _ => null,
        };

    private static ForeignHashRecognition ReadV2(byte[] bytes) =>
        bytes.Length != 1 + V2SaltBytes + V2SubkeyBytes
            ? ForeignHashRecognition.Unsupported
            : ForeignHashRecognition.Recognized(new Pbkdf2Hash(
                ForeignHashFormat.AspNetIdentityV2, HashAlgorithmName.SHA1, V2Iterations, bytes[1..(1 + V2SaltBytes)], bytes[(1 + V2SaltBytes)..]));

    private static ForeignHashRecognition ReadV3(byte[] bytes, ForeignHashOptions limits)
    {
        if (bytes.Length < V3HeaderBytes)
        {
            return ForeignHashRecognition.Unsupported;
        }

        var header = bytes.AsSpan();
        var prf = BinaryPrimitives.ReadUInt32BigEndian(header[1..]) switch
        {
            0 => HashAlgorithmName.SHA1,
            1 => HashAlgorithmName.SHA256,
            2 => HashAlgorithmName.SHA512,
            _ => (HashAlgorithmName?)null,
        };
        long iterations = BinaryPrimitives.ReadUInt32BigEndian(header[5..]);
        long saltLength = BinaryPrimitives.ReadUInt32BigEndian(header[9..]);
        var subkeyLength = bytes.Length - V3HeaderBytes - saltLength;
        if (prf is not { } algorithm || iterations < 1 || saltLength < MinBytes || subkeyLength is < MinBytes or > Pbkdf2Ceiling.MaxDerivedBytes)
        {
            return ForeignHashRecognition.Unsupported;
        }

        var saltEnd = V3HeaderBytes + (int)saltLength;
        return Pbkdf2Ceiling.Allows(algorithm, iterations, limits)
            ? ForeignHashRecognition.Recognized(new Pbkdf2Hash(
                ForeignHashFormat.AspNetIdentityV3, algorithm, (int)iterations, bytes[V3HeaderBytes..saltEnd], bytes[saltEnd..]))
            : ForeignHashRecognition.TooCostly;
    }
}
