using System.Diagnostics.CodeAnalysis;

namespace Ludmin.Domain.Users;

/// <summary>A user's identifier: 32 lowercase hex digits of a time-ordered GUID (version 7).</summary>
public readonly record struct UserId
{
    private UserId(string value) => Value = value;

    public string Value { get; }

    public static UserId New() => new(Guid.CreateVersion7().ToString("N"));

    public static bool TryParse([NotNullWhen(true)] string? text, out UserId id)
    {
        id = default;
        if (text is not { Length: 32 } || !Hex.IsHex(text))
        {
            return false;
        }

        id = new UserId(text.ToLowerInvariant());
        return true;
    }

    public static UserId Parse(string text) =>
        TryParse(text, out var id) ? id : throw new FormatException("A user id is 32 hex digits.");

    public override string ToString() => Value ?? string.Empty;
}
