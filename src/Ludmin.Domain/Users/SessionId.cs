using System.Diagnostics.CodeAnalysis;

namespace Ludmin.Domain.Users;

/// <summary>
/// One login of a device: 32 random hex digits, carried by the device's user tokens as the
/// <c>sid</c> claim. A new login on the same device starts a new session, so tokens of an
/// earlier one (a stolen copy, say) stay dead even though the device id is the same.
/// </summary>
/// <remarks><c>default(SessionId)</c> is no session: every member but the factories throws on it (<see cref="HexId"/>).</remarks>
public readonly record struct SessionId
{
    private const string Kind = "session id";

    private readonly string? _value;

    private SessionId(string value) => _value = value;

    public string Value => HexId.Require(_value, Kind);

    public static SessionId New() => new(HexId.Random());

    public static bool TryParse([NotNullWhen(true)] string? text, out SessionId id)
    {
        id = HexId.TryNormalize(text, out var digits) ? new SessionId(digits) : default;
        return digits is not null;
    }

    public static SessionId Parse(string text) =>
        TryParse(text, out var id) ? id : throw new FormatException("A session id is 32 hex digits.");

    public bool Equals(SessionId other) => string.Equals(Value, other.Value, StringComparison.Ordinal);

    public override int GetHashCode() => Value.GetHashCode(StringComparison.Ordinal);

    public override string ToString() => Value;
}
