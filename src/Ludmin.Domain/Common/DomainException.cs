namespace Ludmin.Domain.Common;

/// <summary>
/// A rule was refused. Carries one <see cref="Error"/> from <see cref="Errors"/>; the detail is
/// safe to show to the client (it never holds a password, hash, code or token).
/// </summary>
public class DomainException(Error error, string? detail = null, string? field = null)
    : Exception(detail ?? error.Title)
{
    public Error Error { get; } = error;

    /// <summary>The request field the failure is about, when there is one (snake_case, as on the wire).</summary>
    public string? Field { get; } = field;
}
