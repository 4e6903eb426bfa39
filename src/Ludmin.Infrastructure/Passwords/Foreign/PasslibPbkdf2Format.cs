using System.Security.Cryptography;

namespace Ludmin.Infrastructure.Passwords.Foreign;

/// <summary>
/// passlib's PBKDF2 hashes: <c>$pbkdf2$&lt;rounds&gt;$&lt;salt&gt;$&lt;checksum&gt;</c> (HMAC-SHA1),
/// <c>$pbkdf2-sha256$…</c> and <c>$pbkdf2-sha512$…</c>; salt and checksum in passlib's adapted
/// base64 ('.' for '+', no padding), the checksum one digest long, as passlib writes it.
/// </summary>
internal static class PasslibPbkdf2Format
{
    /// <summary>Null when the text does not claim to be one of passlib's PBKDF2 hashes.</summary>
    public static ForeignHashRecognition? TryRead(string text, ForeignHashOptions limits)
    {
        var parts = text.Split('$');
        if (parts.Length < 2 || parts[0].Length != 0 || Variant(parts[1]) is not (var format, var prf))
        {
            return null;
        }

        if (parts.Length != 5 || !HashText.TryReadCount(parts[2], out var rounds)
            || HashText.DecodeAdapted(parts[3]) is not { } salt
            || HashText.DecodeAdapted(parts[4]) is not { } checksum || checksum.Length != Pbkdf2Ceiling.DigestBytes(prf))
        {
            return ForeignHashRecognition.Unsupported;
        }

        return Pbkdf2Ceiling.Allows(prf, rounds, limits)
            ? ForeignHashRecognition.Recognized(new Pbkdf2Hash(format, prf, (int)rounds, salt, checksum))
            : ForeignHashRecognition.TooCostly;
    }

    private static (ForeignHashFormat, HashAlgorithmName)? Variant(string ident) => ident switch
    {
        "pbkdf2" => (ForeignHashFormat.PasslibPbkdf2Sha1, HashAlgorithmName.SHA1),
        "pbkdf2-sha256" => (ForeignHashFormat.PasslibPbkdf2Sha256, HashAlgorithmName.SHA256),
        "pbkdf2-sha512" => (ForeignHashFormat.PasslibPbkdf2Sha512, HashAlgorithmName.SHA512),
        _ => null,
    };
}
