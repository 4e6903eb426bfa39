using System.Diagnostics.CodeAnalysis;

namespace Ludmin.Domain.Users;

/// <summary>
/// An email address as the user typed it (trimmed), with the normalized form that equality and
/// uniqueness use: case-insensitive, so <c>Ann@Example.com</c> and <c>ann@example.com</c> are one address.
/// </summary>
public sealed record EmailAddress
{
    /// <summary>The longest address SMTP can carry (RFC 5321 path limit less the angle brackets).</summary>
    public const int MaxLength = 254;

    private const int MaxLocalPartLength = 64;

    private EmailAddress(string value)
    {
        Value = value;
        Normalized = Normalize(value);
    }

    public string Value { get; }

    public string Normalized { get; }

    public static bool TryCreate([NotNullWhen(true)] string? text, [NotNullWhen(true)] out EmailAddress? email)
    {
        email = null;
        var trimmed = text?.Trim();
        if (string.IsNullOrEmpty(trimmed) || trimmed.Length > MaxLength)
        {
            return false;
        }

        var at = trimmed.IndexOf('@');
        if (at < 1 || at != trimmed.LastIndexOf('@') || at > MaxLocalPartLength)
        {
            return false;
        }

        var domain = trimmed.AsSpan(at + 1);
        if (domain.Length < 3 || !domain.Contains('.') || domain[0] == '.' || domain[^1] == '.' || domain.Contains("..", StringComparison.Ordinal))
        {
            return false;
        }

        foreach (var c in trimmed)
        {
            // Whitespace, control and format characters have no place in an address and are a
            // favourite of spoofing (a right-to-left override, a zero-width space).
            if (char.IsWhiteSpace(c) || char.IsControl(c) || char.GetUnicodeCategory(c) is System.Globalization.UnicodeCategory.Format
                || c is '<' or '>' or '(' or ')' or '[' or ']' or '\\' or ',' or ';' or ':' or '"')
            {
                return false;
            }
        }

        email = new EmailAddress(trimmed);
        return true;
    }

    public static EmailAddress Create(string text) =>
        TryCreate(text, out var email) ? email : throw new FormatException("Not an email address.");

    /// <summary>The key uniqueness and lookups use: trimmed, lower case (invariant culture).</summary>
    public static string Normalize(string text) => text.Trim().ToLowerInvariant();

    public bool SameAddressAs(EmailAddress other) => string.Equals(Normalized, other.Normalized, StringComparison.Ordinal);

    public override string ToString() => Value;
}
