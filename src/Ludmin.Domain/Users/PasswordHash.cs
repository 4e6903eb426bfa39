namespace Ludmin.Domain.Users;

/// <summary>
/// A password hash in a self-describing text form (algorithm, parameters, salt, hash), opaque
/// to the domain. It never leaves the server and never appears in a log.
/// </summary>
public sealed record PasswordHash
{
    private PasswordHash(string value) => Value = value;

    public string Value { get; }

    public static PasswordHash FromStored(string value)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(value);
        return new PasswordHash(value);
    }

    /// <summary>Keeps the hash out of logs and debugger views by accident.</summary>
    public override string ToString() => "PasswordHash(***)";
}
