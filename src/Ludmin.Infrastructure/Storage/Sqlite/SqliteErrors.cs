using Microsoft.Data.Sqlite;

namespace Ludmin.Infrastructure.Storage.Sqlite;

internal static class SqliteErrors
{
    private const int Busy = 5;
    private const int Locked = 6;
    private const int NoMemory = 7;
    private const int ReadOnly = 8;
    private const int IoError = 10;
    private const int Corrupt = 11;
    private const int Full = 13;
    private const int CannotOpen = 14;
    private const int Protocol = 15;
    private const int Constraint = 19;
    private const int NotADatabase = 26;
    private const int ConstraintPrimaryKey = 1555;
    private const int ConstraintUnique = 2067;
    private const int ConstraintForeignKey = 787;

    public static bool IsUniqueViolation(SqliteException exception) =>
        exception.SqliteErrorCode == Constraint
        && exception.SqliteExtendedErrorCode is ConstraintPrimaryKey or ConstraintUnique;

    /// <summary>A row refers to a user that is not there (any more): an account deleted meanwhile.</summary>
    public static bool IsForeignKeyViolation(SqliteException exception) =>
        exception.SqliteErrorCode == Constraint && exception.SqliteExtendedErrorCode == ConstraintForeignKey;

    /// <summary>
    /// Whether the failure is the store's state (a full disk, an I/O error, a file that cannot be
    /// written or opened, a lock held past the busy timeout, a damaged file) rather than a
    /// refusal of this request or a fault in our SQL: the request may succeed later, or
    /// elsewhere, and the client is told so (503), never 500.
    /// </summary>
    public static bool IsUnavailable(SqliteException exception) =>
        exception.SqliteErrorCode is Busy or Locked or NoMemory or ReadOnly or IoError or Corrupt or Full or CannotOpen or Protocol or NotADatabase;

    /// <summary>Whether the file itself is damaged: no retry helps; an operator must restore it.</summary>
    public static bool IsDamage(SqliteException exception) => exception.SqliteErrorCode is Corrupt or NotADatabase;

    /// <summary>The cause in an operator's words, with SQLite's codes to search for; no data and no SQL.</summary>
    public static string Describe(SqliteException exception)
    {
        var cause = exception.SqliteErrorCode switch
        {
            Busy => "the database stayed locked past the busy timeout (another process is writing it)",
            Locked => "a table stayed locked",
            NoMemory => "SQLite ran out of memory",
            ReadOnly => "the database cannot be written (a read-only or immutable file or folder)",
            IoError => "an I/O error on the database, its -wal or its -shm file",
            Corrupt => "the database file is damaged",
            Full => "the disk is full",
            CannotOpen => "a database file cannot be opened (missing, or its folder is not writable)",
            Protocol => "the database's locking protocol failed",
            NotADatabase => "the file is not a SQLite database",
            _ => "SQLite failed",
        };
        return $"{cause} (result code {exception.SqliteErrorCode}, extended {exception.SqliteExtendedErrorCode})";
    }
}
