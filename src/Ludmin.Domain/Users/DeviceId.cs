using System.Diagnostics.CodeAnalysis;

namespace Ludmin.Domain.Users;

/// <summary>
/// A client device: 32 hex digits chosen by the client (kept lowercase), or generated for it
/// when what it sent is not such a string.
/// </summary>
/// <remarks><c>default(DeviceId)</c> is no device: every member but the factories throws on it (<see cref="HexId"/>).</remarks>
public readonly record struct DeviceId
{
    public const int Length = HexId.Digits;

    private const string Kind = "device id";

    private readonly string? _value;

    private DeviceId(string value) => _value = value;

    public string Value => HexId.Require(_value, Kind);

    public static DeviceId New() => new(HexId.Random());

    public static bool TryParse([NotNullWhen(true)] string? text, out DeviceId id)
    {
        id = HexId.TryNormalize(text, out var digits) ? new DeviceId(digits) : default;
        return digits is not null;
    }

    public static DeviceId Parse(string text) =>
        TryParse(text, out var id) ? id : throw new FormatException("A device id is 32 hex digits.");

    public bool Equals(DeviceId other) => string.Equals(Value, other.Value, StringComparison.Ordinal);

    public override int GetHashCode() => Value.GetHashCode(StringComparison.Ordinal);

    public override string ToString() => Value;
}
