using System.Diagnostics.CodeAnalysis;
using System.Security.Cryptography;

namespace Ludmin.Domain.Users;

/// <summary>
/// A client device: 32 hex digits chosen by the client (kept lowercase), or generated for it
/// when what it sent is not such a string.
/// </summary>
public readonly record struct DeviceId
{
    public const int Length = 32;

    private DeviceId(string value) => Value = value;

    public string Value { get; }

    public static DeviceId New() => new(Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(Length / 2)));

    public static bool TryParse([NotNullWhen(true)] string? text, out DeviceId id)
    {
        id = default;
        if (text is not { Length: Length } || !Hex.IsHex(text))
        {
            return false;
        }

        id = new DeviceId(text.ToLowerInvariant());
        return true;
    }

    public static DeviceId Parse(string text) =>
        TryParse(text, out var id) ? id : throw new FormatException("A device id is 32 hex digits.");

    public override string ToString() => Value ?? string.Empty;
}
