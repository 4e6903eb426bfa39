using Microsoft.Data.Sqlite;

namespace Ludmin.Infrastructure.Storage.Sqlite;

internal static class SqliteErrors
{
    private const int Constraint = 19;
    private const int ConstraintPrimaryKey = 1555;
    private const int ConstraintUnique = 2067;

    public static bool IsUniqueViolation(SqliteException exception) =>
        exception.SqliteErrorCode == Constraint
        && exception.SqliteExtendedErrorCode is ConstraintPrimaryKey or ConstraintUnique;
}
