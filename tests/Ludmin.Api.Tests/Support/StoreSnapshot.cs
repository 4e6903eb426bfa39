using System.Globalization;
using System.Text;
using Microsoft.Data.Sqlite;

namespace Ludmin.Api.Tests.Support;

/// <summary>
/// Every row of every table of the store, found in <c>sqlite_master</c> (so a table added later is
/// covered without anyone remembering it), each ordered by all its columns, plus the schema
/// version, as one string: equal snapshots before and after a request prove the request changed
/// nothing.
/// </summary>
public static class StoreSnapshot
{
    public static Task<string> TakeAsync(string databasePath) => TakeAsync(databasePath, []);

    /// <summary>A snapshot without the named tables, for requests that may change only those by design.</summary>
    public static async Task<string> TakeAsync(string databasePath, IReadOnlyCollection<string> exceptTables)
    {
        await using var connection = await OpenAsync(databasePath);
        var snapshot = new StringBuilder();
        snapshot.Append("user_version=").AppendLine(await ScalarAsync(connection, "PRAGMA user_version;"));
        foreach (var table in await TablesAsync(connection))
        {
            if (exceptTables.Contains(table, StringComparer.Ordinal))
            {
                continue;
            }

            var columns = await ColumnsAsync(connection, table);
            snapshot.Append("== ").Append(table).Append(" (").AppendJoin(", ", columns).AppendLine(")");
            await using var command = connection.CreateCommand();
            command.CommandText = $"SELECT * FROM {Quote(table)} ORDER BY {string.Join(", ", columns.Select(Quote))}";
            await using var reader = await command.ExecuteReaderAsync();
            while (await reader.ReadAsync())
            {
                for (var i = 0; i < reader.FieldCount; i++)
                {
                    var value = reader.IsDBNull(i) ? "NULL" : Convert.ToString(reader.GetValue(i), CultureInfo.InvariantCulture);
                    snapshot.Append(reader.GetName(i)).Append('=').Append(value).Append(i + 1 < reader.FieldCount ? " | " : "\n");
                }
            }
        }

        return snapshot.ToString();
    }

    /// <summary>The names of every table in the store, in name order.</summary>
    public static async Task<IReadOnlyList<string>> TableNamesAsync(string databasePath)
    {
        await using var connection = await OpenAsync(databasePath);
        return await TablesAsync(connection);
    }

    /// <summary>One value of the store, for tests that check what was written.</summary>
    public static async Task<string?> ScalarAsync(string databasePath, string sql, params (string Name, object Value)[] parameters)
    {
        await using var connection = await OpenAsync(databasePath);
        return await ScalarAsync(connection, sql, parameters);
    }

    private static async Task<SqliteConnection> OpenAsync(string databasePath)
    {
        var connectionString = new SqliteConnectionStringBuilder { DataSource = databasePath, Mode = SqliteOpenMode.ReadOnly, Pooling = false }.ToString();
        var connection = new SqliteConnection(connectionString);
        await connection.OpenAsync();
        return connection;
    }

    private static async Task<string?> ScalarAsync(SqliteConnection connection, string sql, params (string Name, object Value)[] parameters)
    {
        await using var command = connection.CreateCommand();
        command.CommandText = sql;
        foreach (var (name, value) in parameters)
        {
            command.Parameters.AddWithValue(name, value);
        }

        var result = await command.ExecuteScalarAsync();
        return result is null or DBNull ? null : Convert.ToString(result, CultureInfo.InvariantCulture);
    }

    private static async Task<List<string>> TablesAsync(SqliteConnection connection)
    {
        await using var command = connection.CreateCommand();
        command.CommandText = "SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY name";
        var tables = new List<string>();
        await using var reader = await command.ExecuteReaderAsync();
        while (await reader.ReadAsync())
        {
            tables.Add(reader.GetString(0));
        }

        return tables;
    }

    private static async Task<List<string>> ColumnsAsync(SqliteConnection connection, string table)
    {
        await using var command = connection.CreateCommand();
        command.CommandText = $"SELECT name FROM pragma_table_info({Literal(table)}) ORDER BY cid";
        var columns = new List<string>();
        await using var reader = await command.ExecuteReaderAsync();
        while (await reader.ReadAsync())
        {
            columns.Add(reader.GetString(0));
        }

        return columns;
    }

    private static string Quote(string identifier) => "\"" + identifier.Replace("\"", "\"\"", StringComparison.Ordinal) + "\"";

    private static string Literal(string text) => "'" + text.Replace("'", "''", StringComparison.Ordinal) + "'";
}
