namespace Ludmin.Infrastructure.Passwords.Foreign;

/// <summary>
/// <c>$2b$12$</c> then 22 characters of salt and 31 of hash in bcrypt's own base64
/// (<c>./A-Za-z0-9</c>). <c>$2a$</c> and PHP's <c>$2y$</c> are the same algorithm as <c>$2b$</c> for
/// any password shorter than 256 bytes; <c>$2x$</c> (crypt_blowfish's buggy one) is not taken.
/// </summary>
internal static class BcryptFormat
{
    private const int Length = 60;
    private const int MinCost = 4;
    private const int MaxCost = 31;

    /// <summary>Null when the text does not claim to be bcrypt.</summary>
    public static ForeignHashRecognition? TryRead(string text, ForeignHashOptions limits)
    {
        if (!text.StartsWith("$2a$", StringComparison.Ordinal) && !text.StartsWith("$2b$", StringComparison.Ordinal)
            && !text.StartsWith("$2y$", StringComparison.Ordinal))
        {
            return null;
        }

        // The cost is always two digits, "04" to "31".
        if (text.Length != Length || !char.IsAsciiDigit(text[4]) || !char.IsAsciiDigit(text[5]) || text[6] != '$'
            || !IsBcryptBase64(text.AsSpan(7)))
        {
            return ForeignHashRecognition.Unsupported;
        }

        var cost = ((text[4] - '0') * 10) + (text[5] - '0');
        return cost is < MinCost or > MaxCost ? ForeignHashRecognition.Unsupported
            : cost <= limits.MaxBcryptCost ? ForeignHashRecognition.Recognized(new BcryptHash(text, cost))
            : ForeignHashRecognition.TooCostly;
    }

    private static bool IsBcryptBase64(ReadOnlySpan<char> text)
    {
        foreach (var c in text)
        {
            if (c is not ('.' or '/' or (>= 'A' and <= 'Z') or (>= 'a' and <= 'z') or (>= '0' and <= '9')))
            {
                return false;
            }
        }

        return true;
    }
}
