using Ludmin.Domain.Common;

namespace Ludmin.Infrastructure.Storage.Sqlite;

/// <summary>
/// <see cref="Errors.StoreUnavailable"/> (503 with Retry-After) from the SQLite store, with the
/// cause for readiness to report. The client's answer keeps the error's own words: the cause
/// names files of the server.
/// </summary>
internal sealed class SqliteUnavailableException(string reason) : DomainException(Errors.StoreUnavailable)
{
    /// <summary>The cause, in an operator's words: file names, never a full path, data or SQL.</summary>
    public string Reason { get; } = reason;
}
