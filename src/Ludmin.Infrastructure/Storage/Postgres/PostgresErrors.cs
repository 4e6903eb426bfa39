using Npgsql;

namespace Ludmin.Infrastructure.Storage.Postgres;

/// <summary>
/// What a PostgreSQL failure means for a request: a rule of the schema (a taken address, a row
/// of a user deleted meanwhile), a lost race (serialization, deadlock), or the store being out of
/// reach for now (the connection, a failover, a read-only server, a timeout, a shutdown), which
/// answers 503 and never 500.
/// </summary>
internal static class PostgresErrors
{
    public const string UniqueViolation = "23505";
    public const string ForeignKeyViolation = "23503";
    public const string ReadOnlyTransaction = "25006";
    public const string SerializationFailure = "40001";
    public const string DeadlockDetected = "40P01";
    public const string QueryCanceled = "57014";
    public const string LockNotAvailable = "55P03";
    public const string AdminShutdown = "57P01";
    public const string CrashShutdown = "57P02";
    public const string CannotConnectNow = "57P03";

    public static bool IsUniqueViolation(Exception exception) => exception is PostgresException { SqlState: UniqueViolation };

    public static bool IsForeignKeyViolation(Exception exception) => exception is PostgresException { SqlState: ForeignKeyViolation };

    /// <summary>Another transaction came first: the request is answered as a concurrent update (409).</summary>
    public static bool IsLostRace(Exception exception) => exception is PostgresException { SqlState: SerializationFailure or DeadlockDetected };

    /// <summary>
    /// The server is out of reach or cannot take this now: every failure of the connection (no
    /// server, a reset, a timeout: an <see cref="NpgsqlException"/> that is not a server's error),
    /// connection exceptions (08), a read-only server (25006: a standby, or a primary being
    /// demoted), a statement or lock timeout (57014, 55P03), a server shutting down or starting
    /// (57P01..57P03), insufficient resources (53), and the operator's intervention class (57).
    /// </summary>
    public static bool IsUnavailable(Exception exception) => exception switch
    {
        PostgresException server => server.SqlState is ReadOnlyTransaction or QueryCanceled or LockNotAvailable
            || server.SqlState.StartsWith("08", StringComparison.Ordinal)
            || server.SqlState.StartsWith("53", StringComparison.Ordinal)
            || server.SqlState.StartsWith("57", StringComparison.Ordinal)
            || server.SqlState.StartsWith("58", StringComparison.Ordinal),
        NpgsqlException => true,
        TimeoutException => true,
        _ => false,
    };

    /// <summary>The cause in an operator's words, with the SQLSTATE to search for; no data, no SQL, no password.</summary>
    public static string Describe(Exception exception) => exception switch
    {
        PostgresException { SqlState: ReadOnlyTransaction } => "the server is read-only (a standby, or a primary being demoted): no primary among the hosts (SQLSTATE 25006)",
        PostgresException { SqlState: QueryCanceled } => "a statement ran past its timeout (SQLSTATE 57014)",
        PostgresException { SqlState: LockNotAvailable } => "a lock was not granted in time (SQLSTATE 55P03)",
        PostgresException { SqlState: AdminShutdown or CrashShutdown } server => $"the server is shutting down (SQLSTATE {server.SqlState})",
        PostgresException { SqlState: CannotConnectNow } => "the server is starting or recovering and takes no connections yet (SQLSTATE 57P03)",
        PostgresException server => $"PostgreSQL refused: {server.MessageText} (SQLSTATE {server.SqlState})",
        NpgsqlException { InnerException: TimeoutException } => "no answer from the server in time (a connect or command timeout)",
        NpgsqlException npgsql => $"the server cannot be reached: {npgsql.Message}",
        TimeoutException => "no answer from the server in time",
        _ => exception.GetType().Name,
    };
}
