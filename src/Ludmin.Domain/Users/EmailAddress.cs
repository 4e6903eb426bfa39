using System.Diagnostics.CodeAnalysis;
using System.Globalization;
using System.Text;

namespace Ludmin.Domain.Users;

/// <summary>
/// An email address as the user typed it (trimmed), with the normalized form that equality and
/// uniqueness use (<see cref="Normalize"/>): <c>Ann@Example.com</c> and <c>ann@example.com</c> are
/// one address, and so are the other spellings of one mailbox Unicode allows.
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

        // Half a surrogate pair is no character at all, and no normalization can be applied to it.
        if (!IsWellFormed(trimmed))
        {
            return false;
        }

        email = new EmailAddress(trimmed);
        return true;
    }

    public static EmailAddress Create(string text) =>
        TryCreate(text, out var email) ? email : throw new FormatException("Not an email address.");

    /// <summary>
    /// The key uniqueness and lookups use, made as RFC 8265's UsernameCaseMapped profile makes one,
    /// so that the spellings Unicode allows of one mailbox are one key: trimmed; fullwidth and
    /// halfwidth forms mapped to their ordinary width (<c>ａdmin</c> is <c>admin</c>); lower case
    /// (<see cref="string.ToLowerInvariant"/>, .NET's nearest to Unicode's toLowerCase); NFC (a
    /// precomposed <c>é</c> and <c>e</c> with a combining acute are one); and the domain through
    /// IDNA to its ASCII form (<c>bücher.example</c> is <c>xn--bcher-kva.example</c>). The address
    /// itself is kept as typed. For text that is no address (a rate limit keys on what it was sent)
    /// each step that cannot apply is left out rather than failing; for ASCII addresses the key is
    /// the lower-cased address, as it always was.
    /// </summary>
    public static string Normalize(string text)
    {
        var mapped = MapWidth(text.Trim()).ToLowerInvariant();
        try
        {
            mapped = mapped.Normalize(NormalizationForm.FormC);
        }
        catch (ArgumentException)
        {
            // Ill-formed UTF-16 (never in an address: TryCreate refuses it) has no normal form.
            return mapped;
        }

        var at = mapped.LastIndexOf('@');
        return at < 0 ? mapped : string.Concat(mapped.AsSpan(0, at + 1), DomainToAscii(mapped[(at + 1)..]));
    }

    public bool SameAddressAs(EmailAddress other) => string.Equals(Normalized, other.Normalized, StringComparison.Ordinal);

    public override string ToString() => Value;

    /// <summary>
    /// RFC 8265's width mapping: every character of the Halfwidth and Fullwidth Forms block
    /// (U+FF00 to U+FFEF) has a &lt;wide&gt; or &lt;narrow&gt; decomposition, which is what its
    /// compatibility normalization gives, alone. Only that block is mapped: NFKC of the whole text
    /// would also fold ligatures, superscripts and the like, which the profile keeps apart.
    /// </summary>
    private static string MapWidth(string text)
    {
        if (!text.AsSpan().ContainsAnyInRange(HalfwidthAndFullwidthFirst, HalfwidthAndFullwidthLast))
        {
            return text;
        }

        var mapped = new StringBuilder(text.Length);
        foreach (var c in text)
        {
            if (c is >= HalfwidthAndFullwidthFirst and <= HalfwidthAndFullwidthLast)
            {
                mapped.Append(c.ToString().Normalize(NormalizationForm.FormKC));
            }
            else
            {
                mapped.Append(c);
            }
        }

        return mapped.ToString();
    }

    private static bool IsWellFormed(string text)
    {
        for (var i = 0; i < text.Length; i++)
        {
            if (char.IsSurrogatePair(text, i))
            {
                i++;
            }
            else if (char.IsSurrogate(text[i]))
            {
                return false;
            }
        }

        return true;
    }

    /// <summary>IDNA's ASCII form of a domain; a domain IDNA refuses stays as it is (it is still one key for one spelling).</summary>
    private static string DomainToAscii(string domain)
    {
        try
        {
            return Idna.GetAscii(domain);
        }
        catch (ArgumentException)
        {
            return domain;
        }
    }

    private const char HalfwidthAndFullwidthFirst = '\uFF00';
    private const char HalfwidthAndFullwidthLast = '\uFFEF';

    private static readonly IdnMapping Idna = new();
}
