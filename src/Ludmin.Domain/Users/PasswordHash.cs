namespace Ludmin.Domain.Users;

/// <summary>
/// A password hash in a self-describing text form (algorithm, parameters, salt, hash), opaque
/// to the domain. It never leaves the server and never appears in a log.
/// An imported user's hash is another system's (<see cref="Imported"/>), or none at all
/// (<see cref="NoPassword"/>): both are kept as <c>!imported:&lt;format&gt;:&lt;hash&gt;</c>, a form
/// no hash Ludmin makes can take (its own begin with <c>$</c>), so which is which is read from
/// the stored text alone and never guessed from the hash (an imported <c>$argon2id$</c> hash
/// looks like Ludmin's own).
/// </summary>
public sealed record PasswordHash
{
    /// <summary>What every imported hash, and the absence of one, begins with.</summary>
    public const string ImportedPrefix = "!imported:";

    /// <summary>The format name of an imported user without a password.</summary>
    public const string NoPasswordFormat = "none";

    private PasswordHash(string value) => Value = value;

    public string Value { get; }

    /// <summary>An imported user without a password: nothing verifies against it, only a password reset lets the user in.</summary>
    public static PasswordHash NoPassword { get; } = new(ImportedPrefix + NoPasswordFormat + ":");

    /// <summary>
    /// Whether this is another system's hash, or none (<see cref="NoPassword"/>): replaced by
    /// Ludmin's own at the first login, change or reset, and never kept in the password history.
    /// </summary>
    public bool IsImported => Value.StartsWith(ImportedPrefix, StringComparison.Ordinal);

    /// <summary>The format name an imported hash was recognised as (<see cref="NoPasswordFormat"/> for none); null for Ludmin's own.</summary>
    public string? ImportedFormat => IsImported ? Value[ImportedPrefix.Length..Value.IndexOf(':', ImportedPrefix.Length)] : null;

    /// <summary>The other system's hash as it was imported; null for Ludmin's own, empty for <see cref="NoPassword"/>.</summary>
    public string? ImportedText => IsImported ? Value[(Value.IndexOf(':', ImportedPrefix.Length) + 1)..] : null;

    public static PasswordHash FromStored(string value)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(value);
        if (value.StartsWith(ImportedPrefix, StringComparison.Ordinal) && value.IndexOf(':', ImportedPrefix.Length) < 0)
        {
            throw new FormatException("A stored imported hash without its format.");
        }

        return new PasswordHash(value);
    }

    /// <summary>Another system's hash, <paramref name="text"/>, recognised as <paramref name="format"/> (a name without ':').</summary>
    public static PasswordHash Imported(string format, string text)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(format);
        ArgumentException.ThrowIfNullOrWhiteSpace(text);
        if (format.Contains(':', StringComparison.Ordinal) || format == NoPasswordFormat)
        {
            throw new ArgumentException("A format name is a word without ':', and not the one for no password.", nameof(format));
        }

        return new PasswordHash(ImportedPrefix + format + ":" + text);
    }

    /// <summary>Keeps the hash out of logs and debugger views by accident.</summary>
    public override string ToString() => "PasswordHash(***)";
}
