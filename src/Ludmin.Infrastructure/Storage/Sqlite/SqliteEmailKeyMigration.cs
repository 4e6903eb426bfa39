using Ludmin.Domain.Users;
using Microsoft.Data.Sqlite;

namespace Ludmin.Infrastructure.Storage.Sqlite;

/// <summary>
/// Schema migration 6: every stored address gets the key <see cref="EmailAddress.Normalize"/> now
/// makes (issue 23, finding 8), which SQL alone cannot compute. Earlier builds keyed by the
/// lower-cased address, which is the same key for every ASCII address, so only addresses with
/// other characters change. If two stored addresses are one under the new key, nothing is
/// changed and the start is refused, naming the users (never the addresses, which logs do not
/// hold): which one keeps the address is the operator's decision, not a migration's.
/// </summary>
internal static class SqliteEmailKeyMigration
{
    public const int Version = 7;

    public static void Run(SqliteConnection connection, SqliteTransaction transaction)
    {
        var rows = ReadRows(connection, transaction);
        var collisions = rows
            .GroupBy(row => row.Key, StringComparer.Ordinal)
            .Where(group => group.Count() > 1)
            .Select(group => string.Join(" and ", group.Select(row => row.UserId).Distinct(StringComparer.Ordinal)))
            .ToList();
        if (collisions.Count > 0)
        {
            throw new InvalidOperationException(
                $"Schema migration {Version} (email address keys) cannot run: stored addresses that are one address under the new comparison belong to users {string.Join("; ", collisions)}. "
                + "Nothing was changed. Give one of each group another address (or remove the old one) with the previous build, then start this one again (docs/operations.md, SQLite tables).");
        }

        // A key that changes is no key Normalize makes (Normalize of a key is the key), so no new
        // key equals an old one that is moving: the updates cannot meet each other on the primary key.
        using var update = connection.CreateCommand();
        update.Transaction = transaction;
        update.CommandText = "UPDATE user_emails SET normalized = $key WHERE normalized = $old";
        var key = update.Parameters.Add("$key", SqliteType.Text);
        var old = update.Parameters.Add("$old", SqliteType.Text);
        foreach (var row in rows.Where(row => !string.Equals(row.Key, row.Stored, StringComparison.Ordinal)))
        {
            key.Value = row.Key;
            old.Value = row.Stored;
            update.ExecuteNonQuery();
        }
    }

    private static List<StoredKey> ReadRows(SqliteConnection connection, SqliteTransaction transaction)
    {
        using var select = connection.CreateCommand();
        select.Transaction = transaction;
        select.CommandText = "SELECT normalized, address, user_id FROM user_emails";
        using var reader = select.ExecuteReader();
        var rows = new List<StoredKey>();
        while (reader.Read())
        {
            rows.Add(new StoredKey(reader.GetString(0), EmailAddress.Normalize(reader.GetString(1)), reader.GetString(2)));
        }

        return rows;
    }

    private sealed record StoredKey(string Stored, string Key, string UserId);
}
