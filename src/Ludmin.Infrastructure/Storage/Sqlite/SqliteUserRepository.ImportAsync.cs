using Ludmin.Domain.Users;
using Ludmin.Infrastructure.Observability;
using Ludmin.Infrastructure.Storage.Generating;
using Microsoft.Data.Sqlite;

namespace Ludmin.Infrastructure.Storage.Sqlite;

/// <summary>Imported users and the count of their foreign hashes.</summary>
internal sealed partial class SqliteUserRepository
{
    // Well under SQLite's 32766 bound parameters a statement.
    private const int AddressesPerLookup = 500;

    /// <summary>
    /// One immediate transaction: the addresses already held are read under the write lock, which
    /// no other writer (the API in another process included) can take meanwhile, so the users
    /// written after it are exactly those whose addresses are free; then multi-row inserts.
    /// </summary>
    public Task<IReadOnlyList<bool>> ImportAsync(IReadOnlyList<User> users, CancellationToken cancellationToken) =>
        database.WriteAsync<IReadOnlyList<bool>>(StoreCalls.Users, (connection, transaction) =>
        {
            var held = HeldAddresses(connection, transaction, users.SelectMany(u => u.Emails.Select(e => e.Address.Normalized)).Distinct().ToList());
            var stored = new bool[users.Count];
            var toStore = new List<User>(users.Count);
            for (var i = 0; i < users.Count; i++)
            {
                var keys = users[i].Emails.Select(e => e.Address.Normalized).ToList();
                if (keys.Exists(held.Contains))
                {
                    continue;
                }

                held.UnionWith(keys);
                stored[i] = true;
                toStore.Add(users[i]);
            }

            SqliteUserBulkInsert.InsertRows(connection, transaction, toStore);
            return stored;
        }, cancellationToken);

    /// <summary>A full scan of the users (1 million in well under a second); the metric reads it at most once a minute.</summary>
    public Task<IReadOnlyDictionary<string, long>> CountImportedHashesAsync(CancellationToken cancellationToken) =>
        database.ReadAsync<IReadOnlyDictionary<string, long>>(StoreCalls.Users, connection =>
        {
            using var command = connection.CreateCommand();
            command.CommandText = """
                SELECT substr(password_hash, $start, instr(substr(password_hash, $start), ':') - 1) AS format, count(*)
                  FROM users WHERE substr(password_hash, 1, $length) = $prefix GROUP BY format
                """;
            command.Parameters.AddWithValue("$start", PasswordHash.ImportedPrefix.Length + 1);
            command.Parameters.AddWithValue("$length", PasswordHash.ImportedPrefix.Length);
            command.Parameters.AddWithValue("$prefix", PasswordHash.ImportedPrefix);
            using var reader = command.ExecuteReader();
            var counts = new Dictionary<string, long>(StringComparer.Ordinal);
            while (reader.Read())
            {
                counts[reader.GetString(0)] = reader.GetInt64(1);
            }

            return counts;
        }, cancellationToken);

    private static HashSet<string> HeldAddresses(SqliteConnection connection, SqliteTransaction transaction, IReadOnlyList<string> keys)
    {
        var held = new HashSet<string>(StringComparer.Ordinal);
        foreach (var chunk in keys.Chunk(AddressesPerLookup))
        {
            using var command = connection.CreateCommand();
            command.Transaction = transaction;
            command.CommandText = $"SELECT normalized FROM user_emails WHERE normalized IN ({string.Join(", ", chunk.Select((_, i) => $"$k{i}"))})";
            for (var i = 0; i < chunk.Length; i++)
            {
                command.Parameters.AddWithValue($"$k{i}", chunk[i]);
            }

            using var reader = command.ExecuteReader();
            while (reader.Read())
            {
                held.Add(reader.GetString(0));
            }
        }

        return held;
    }
}
