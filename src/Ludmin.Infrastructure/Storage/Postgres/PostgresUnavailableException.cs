using Ludmin.Domain.Common;

namespace Ludmin.Infrastructure.Storage.Postgres;

/// <summary>
/// <see cref="Errors.StoreUnavailable"/> (503 with Retry-After) from the PostgreSQL store, with the
/// cause for readiness and the log. The client's answer keeps the error's own words.
/// </summary>
internal sealed class PostgresUnavailableException(string reason) : DomainException(Errors.StoreUnavailable)
{
    /// <summary>The cause, in an operator's words: a SQLSTATE and its meaning, never data, SQL or a password.</summary>
    public string Reason { get; } = reason;
}
