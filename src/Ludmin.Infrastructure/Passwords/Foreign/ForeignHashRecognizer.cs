using Microsoft.Extensions.Options;

namespace Ludmin.Infrastructure.Passwords.Foreign;

/// <summary>
/// Reads a password hash another system wrote, from the string alone: which format it is, its
/// parameters, salt and expected value, and whether its cost is within
/// <see cref="ForeignHashOptions"/>. Anything else, garbage included, is
/// <see cref="ForeignHashProblem.Unsupported"/>; it never throws. Ludmin's own Argon2id hashes
/// are Argon2 PHC strings too and would be recognised here: read a stored hash as Ludmin's own
/// first (<c>Argon2HashFormat.TryParse</c>).
/// </summary>
internal sealed class ForeignHashRecognizer(IOptions<ForeignHashOptions> options)
{
    /// <summary>Far above any real hash (the longest, passlib's PBKDF2-SHA512, is about 130 characters).</summary>
    public const int MaxLength = 1024;

    public ForeignHashRecognition Recognize(string? text)
    {
        if (string.IsNullOrEmpty(text) || text.Length > MaxLength)
        {
            return ForeignHashRecognition.Unsupported;
        }

        var limits = options.Value;
        return BcryptFormat.TryRead(text, limits)
            ?? Argon2PhcFormat.TryRead(text, limits)
            ?? PasslibPbkdf2Format.TryRead(text, limits)
            ?? PasslibScryptFormat.TryRead(text, limits)
            ?? DjangoPbkdf2Format.TryRead(text, limits)
            ?? AspNetIdentityFormat.TryRead(text, limits)
            ?? ForeignHashRecognition.Unsupported;
    }
}
