using System.Globalization;
using System.Text;
using Microsoft.Data.Sqlite;

namespace Ludmin.Api.Tests.Support;

/// <summary>
/// Every row of every Ludmin table, in a fixed order, as one string: equal snapshots before and
/// after a request prove the request changed nothing.
/// </summary>
public static class StoreSnapshot
{
    private static readonly (string Table, string OrderBy)[] Tables =
    [
        ("users", "id"),
        ("user_emails", "normalized"),
        ("user_devices", "user_id, device_id"),
        ("password_resets", "user_id"),
    ];

    public static async Task<string> TakeAsync(string databasePath)
    {
        var connectionString = new SqliteConnectionStringBuilder
        {
            DataSource = databasePath,
            Mode = SqliteOpenMode.ReadOnly,
            Pooling = false,
        }.ToString();
        await using var connection = new SqliteConnection(connectionString);
        await connection.OpenAsync();
        var snapshot = new StringBuilder();
        foreach (var (table, orderBy) in Tables)
        {
            snapshot.Append("== ").AppendLine(table);
            await using var command = connection.CreateCommand();
            command.CommandText = $"SELECT * FROM {table} ORDER BY {orderBy}";
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

    /// <summary>One value of the store, for tests that check what was written.</summary>
    public static async Task<string?> ScalarAsync(string databasePath, string sql, params (string Name, object Value)[] parameters)
    {
        var connectionString = new SqliteConnectionStringBuilder { DataSource = databasePath, Mode = SqliteOpenMode.ReadOnly, Pooling = false }.ToString();
        await using var connection = new SqliteConnection(connectionString);
        await connection.OpenAsync();
        await using var command = connection.CreateCommand();
        command.CommandText = sql;
        foreach (var (name, value) in parameters)
        {
            command.Parameters.AddWithValue(name, value);
        }

        var result = await command.ExecuteScalarAsync();
        return result is null or DBNull ? null : Convert.ToString(result, CultureInfo.InvariantCulture);
    }
}
