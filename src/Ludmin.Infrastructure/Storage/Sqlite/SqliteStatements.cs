using System.Runtime.CompilerServices;
using Microsoft.Data.Sqlite;

namespace Ludmin.Infrastructure.Storage.Sqlite;

/// <summary>
/// Commands kept prepared per connection for the reads every request makes. Compiling the SQL
/// (<c>sqlite3_prepare_v2</c>) cost about as much as running it for the whole-user read; a
/// kept command is compiled once per connection and only re-bound afterwards. Each connection
/// belongs to one worker thread, so no lock is needed; the commands go with their connection.
/// Never dispose a command taken from here.
/// </summary>
internal static class SqliteStatements
{
    private static readonly ConditionalWeakTable<SqliteConnection, Dictionary<string, SqliteCommand>> Kept = new();

    /// <summary>The connection's command for <paramref name="sql"/>, with no parameters bound yet.</summary>
    public static SqliteCommand Prepared(SqliteConnection connection, string sql)
    {
        var commands = Kept.GetOrCreateValue(connection);
        if (!commands.TryGetValue(sql, out var command))
        {
            command = connection.CreateCommand();
            command.CommandText = sql;
            commands.Add(sql, command);
        }

        command.Parameters.Clear();
        return command;
    }
}
