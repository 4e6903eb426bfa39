using System.Globalization;

namespace Ludmin.Infrastructure.Passwords.Foreign;

/// <summary>
/// The pieces every format is written in, read strictly: only the canonical spelling of a value
/// is accepted, so no two strings verify as the same hash and a changed character never goes
/// unnoticed (base64's unused low bits, whitespace and leading zeros are all refused).
/// </summary>
internal static class HashText
{
    /// <summary>
    /// A positive decimal number without sign, spaces or leading zeros. Read as a long so that a
    /// well-formed but huge cost is judged too costly rather than malformed.
    /// </summary>
    public static bool TryReadCount(ReadOnlySpan<char> text, out long value)
    {
        value = 0;
        return text.Length is > 0 and <= 18
            && text[0] is >= '1' and <= '9'
            && long.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out value);
    }

    /// <summary><c>name=value</c> with <paramref name="value"/> read by <see cref="TryReadCount"/>.</summary>
    public static bool TryReadSetting(ReadOnlySpan<char> text, string name, out long value)
    {
        value = 0;
        return text.Length > name.Length + 1
            && text.StartsWith(name, StringComparison.Ordinal)
            && text[name.Length] == '='
            && TryReadCount(text[(name.Length + 1)..], out value);
    }

    /// <summary>Standard base64 with its padding, as .NET and Django write it.</summary>
    public static byte[]? DecodePadded(string text)
    {
        var bytes = DecodeCanonical(text);
        return bytes is not null && Convert.ToBase64String(bytes) == text ? bytes : null;
    }

    /// <summary>Standard base64 without padding, as Argon2's PHC strings and passlib's scrypt write it.</summary>
    public static byte[]? DecodeUnpadded(string text)
    {
        if (text.Length == 0)
        {
            return [];
        }

        if (text.Contains('=', StringComparison.Ordinal))
        {
            return null;
        }

        var bytes = DecodeCanonical(text + new string('=', (4 - (text.Length % 4)) % 4));
        return bytes is not null && Convert.ToBase64String(bytes).TrimEnd('=') == text ? bytes : null;
    }

    /// <summary>passlib's adapted base64: standard base64 with '.' for '+' and no padding.</summary>
    public static byte[]? DecodeAdapted(string text) =>
        text.Contains('+', StringComparison.Ordinal) ? null : DecodeUnpadded(text.Replace('.', '+'));

    // Decoding alone forgives whitespace and unused bits; the callers' re-encoding comparison does not.
    private static byte[]? DecodeCanonical(string text)
    {
        var bytes = new byte[text.Length / 4 * 3];
        return text.Length > 0 && Convert.TryFromBase64String(text, bytes, out var written) ? bytes[..written] : null;
    }
}
