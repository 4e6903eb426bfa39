using System.Security.Cryptography;
using System.Text;

namespace Ludmin.Infrastructure.Passwords.Foreign;

/// <summary>
/// Django's PBKDF2 hashers: <c>pbkdf2_sha256$&lt;iterations&gt;$&lt;salt&gt;$&lt;hash&gt;</c> and
/// <c>pbkdf2_sha1$…</c>. The salt is literal text (its UTF-8 bytes are the salt), the hash standard
/// base64 with padding, one digest long.
/// </summary>
internal static class DjangoPbkdf2Format
{
    /// <summary>Null when the text does not claim to be one of Django's PBKDF2 hashes.</summary>
    public static ForeignHashRecognition? TryRead(string text, ForeignHashOptions limits)
    {
        var parts = text.Split('$');
        if (Variant(parts[0]) is not (var format, var prf))
        {
            return null;
        }

        if (parts.Length != 4 || !HashText.TryReadCount(parts[1], out var iterations) || parts[2].Length == 0
            || HashText.DecodePadded(parts[3]) is not { } hash || hash.Length != Pbkdf2Ceiling.DigestBytes(prf))
        {
            return ForeignHashRecognition.Unsupported;
        }

        return Pbkdf2Ceiling.Allows(prf, iterations, limits)
            ? ForeignHashRecognition.Recognized(new Pbkdf2Hash(format, prf, (int)iterations, Encoding.UTF8.GetBytes(parts[2]), hash))
            : ForeignHashRecognition.TooCostly;
    }

    private static (ForeignHashFormat, HashAlgorithmName)? Variant(string algorithm) => algorithm switch
    {
        "pbkdf2_sha256" => (ForeignHashFormat.DjangoPbkdf2Sha256, HashAlgorithmName.SHA256),
        "pbkdf2_sha1" => (ForeignHashFormat.DjangoPbkdf2Sha1, HashAlgorithmName.SHA1),
        _ => null,
    };
}
