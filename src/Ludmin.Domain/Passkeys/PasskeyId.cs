using System.Diagnostics.CodeAnalysis;
using System.Security.Cryptography;

namespace Ludmin.Domain.Passkeys;

/// <summary>
/// A stored passkey's identifier in Ludmin's paths (<c>/users/me/passkeys/{id}</c>): 32 lowercase
/// hex digits from the CSPRNG. Not the credential id, which an authenticator chooses, may be
/// hundreds of bytes long and is nobody's business in a URL.
/// </summary>
public sealed record PasskeyId
{
    private const int Digits = 32;

    private PasskeyId(string value) => Value = value;

    public string Value { get; }

    public static PasskeyId New() => new(Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(Digits / 2)));

    public static bool TryParse([NotNullWhen(true)] string? text, [NotNullWhen(true)] out PasskeyId? id)
    {
        id = null;
        if (text is not { Length: Digits } || !text.All(char.IsAsciiHexDigit))
        {
            return false;
        }

        id = new PasskeyId(text.ToLowerInvariant());
        return true;
    }

    public static PasskeyId Parse(string text) =>
        TryParse(text, out var id) ? id : throw new FormatException("A passkey id is 32 hex digits.");

    public override string ToString() => Value;
}
