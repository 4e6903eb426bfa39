using System.Diagnostics.CodeAnalysis;
using Ludmin.Domain.Users;

namespace Ludmin.Domain.Passkeys;

/// <summary>What the user calls a passkey ("Phone", "YubiKey 5"): 1 to 64 printable characters, trimmed.</summary>
public sealed record PasskeyName
{
    public const int MaxLength = 64;

    private PasskeyName(string value) => Value = value;

    public string Value { get; }

    public static bool TryCreate(string? text, [NotNullWhen(true)] out PasskeyName? name)
    {
        name = null;
        var trimmed = text?.Trim() ?? string.Empty;
        if (trimmed.Length is 0 or > MaxLength || NonPrintingCharacters.AnyIn(trimmed))
        {
            return false;
        }

        name = new PasskeyName(trimmed);
        return true;
    }

    public static PasskeyName Create(string? text) =>
        TryCreate(text, out var name) ? name : throw new FormatException("Not a valid passkey name.");

    public override string ToString() => Value;
}
