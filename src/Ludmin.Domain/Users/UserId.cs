using System.Diagnostics.CodeAnalysis;

namespace Ludmin.Domain.Users;

/// <summary>A user's identifier: 32 lowercase hex digits of a time-ordered GUID (version 7).</summary>
/// <remarks><c>default(UserId)</c> is no user: every member but the factories throws on it (<see cref="HexId"/>).</remarks>
public readonly record struct UserId
{
    private const string Kind = "user id";

    private readonly string? _value;

    private UserId(string value) => _value = value;

    public string Value => HexId.Require(_value, Kind);

    public static UserId New() => new(Guid.CreateVersion7().ToString("N"));

    public static bool TryParse([NotNullWhen(true)] string? text, out UserId id)
    {
        id = HexId.TryNormalize(text, out var digits) ? new UserId(digits) : default;
        return digits is not null;
    }

    public static UserId Parse(string text) =>
        TryParse(text, out var id) ? id : throw new FormatException("A user id is 32 hex digits.");

    public bool Equals(UserId other) => string.Equals(Value, other.Value, StringComparison.Ordinal);

    public override int GetHashCode() => Value.GetHashCode(StringComparison.Ordinal);

    public override string ToString() => Value;
}
