using System.Diagnostics.CodeAnalysis;

namespace Ludmin.Domain.Users;

/// <summary>What the user calls a device ("Macbook Pro"): up to 100 characters, may be empty.</summary>
public sealed record DeviceDescription
{
    public const int MaxLength = 100;

    public static readonly DeviceDescription Empty = new(string.Empty);

    private DeviceDescription(string value) => Value = value;

    public string Value { get; }

    public static bool TryCreate(string? text, [NotNullWhen(true)] out DeviceDescription? description)
    {
        description = null;
        var trimmed = text?.Trim() ?? string.Empty;
        if (trimmed.Length > MaxLength || NonPrintingCharacters.AnyIn(trimmed))
        {
            return false;
        }

        description = trimmed.Length == 0 ? Empty : new DeviceDescription(trimmed);
        return true;
    }

    public static DeviceDescription Create(string? text) =>
        TryCreate(text, out var description) ? description : throw new FormatException("Not a valid device description.");

    public override string ToString() => Value;
}
