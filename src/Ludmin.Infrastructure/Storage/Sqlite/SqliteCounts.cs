namespace Ludmin.Infrastructure.Storage.Sqlite;

/// <summary>Exact counts, for copy-store's check; the same queries whichever side SQLite is on.</summary>
internal static class SqliteCounts
{
    public static Task<long> UsersAsync(SqliteDatabase database, CancellationToken cancellationToken) =>
        database.ReadAsync(connection =>
        {
            using var command = connection.CreateCommand();
            command.CommandText = "SELECT COUNT(*) FROM users";
            return (long)command.ExecuteScalar()!;
        }, cancellationToken);

    public static Task<long> PasskeysAsync(SqliteDatabase database, CancellationToken cancellationToken) =>
        database.ReadAsync(connection =>
        {
            using var command = connection.CreateCommand();
            command.CommandText = SqlStatements.CountPasskeys;
            return (long)command.ExecuteScalar()!;
        }, cancellationToken);

    public static Task<long> ResetsExpiringAfterAsync(SqliteDatabase database, DateTimeOffset moment, CancellationToken cancellationToken) =>
        database.ReadAsync(connection =>
        {
            using var command = connection.CreateCommand();
            command.CommandText = "SELECT COUNT(*) FROM password_resets WHERE expires_at > $moment";
            command.Parameters.AddWithValue("$moment", UnixTime.ToMilliseconds(moment));
            return (long)command.ExecuteScalar()!;
        }, cancellationToken);
}
