using System.Diagnostics.CodeAnalysis;
using System.Security.Cryptography;

namespace Ludmin.Domain.Users;

/// <summary>
/// One login of a device: 32 random hex digits, carried by the device's user tokens as the
/// <c>sid</c> claim. A new login on the same device starts a new session, so tokens of an
/// earlier one (a stolen copy, say) stay dead even though the device id is the same.
/// </summary>
public readonly record struct SessionId
{
    private SessionId(string value) => Value = value;

    public string Value { get; }

    public static SessionId New() => new(Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(16)));

    public static bool TryParse([NotNullWhen(true)] string? text, out SessionId id)
    {
        id = default;
        if (text is not { Length: 32 } || !Hex.IsHex(text))
        {
            return false;
        }

        id = new SessionId(text.ToLowerInvariant());
        return true;
    }

    public static SessionId Parse(string text) =>
        TryParse(text, out var id) ? id : throw new FormatException("A session id is 32 hex digits.");

    public override string ToString() => Value ?? string.Empty;
}
