using System.Diagnostics.CodeAnalysis;

namespace Ludmin.Domain.Users;

/// <summary>The name shown to other users: 1 to 100 characters, trimmed, no control characters.</summary>
public sealed record FullName
{
    public const int MaxLength = 100;

    private FullName(string value) => Value = value;

    public string Value { get; }

    public static bool TryCreate([NotNullWhen(true)] string? text, [NotNullWhen(true)] out FullName? name)
    {
        name = null;
        var trimmed = text?.Trim();
        if (string.IsNullOrEmpty(trimmed) || trimmed.Length > MaxLength || NonPrintingCharacters.AnyIn(trimmed))
        {
            return false;
        }

        name = new FullName(trimmed);
        return true;
    }

    public static FullName Create(string text) =>
        TryCreate(text, out var name) ? name : throw new FormatException("Not a valid full name.");

    public override string ToString() => Value;
}
