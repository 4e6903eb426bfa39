using Ludmin.Domain.Users;
using Ludmin.Infrastructure.Observability;
using Ludmin.Infrastructure.Storage.Sqlite;
using Npgsql;

namespace Ludmin.Infrastructure.Storage.Postgres;

/// <summary>Imported users and the count of their foreign hashes.</summary>
internal sealed partial class PostgresUserRepository
{
    private const string InsertImportedUsers = """
        INSERT INTO users (id, full_name, password_hash, password_history, is_master, created_at, updated_at, version)
        SELECT id, full_name, password_hash, '[]', false, created_at, updated_at, 0
          FROM unnest(@id, @full_name, @password_hash, @created_at, @updated_at) AS t (id, full_name, password_hash, created_at, updated_at)
        """;

    // The primary key on the normalized address decides: a held address (or one an earlier row of
    // the same statement took) is skipped, and a racing registration's insert is waited for.
    private const string InsertImportedEmails = """
        INSERT INTO user_emails (normalized, user_id, address, is_current, is_verified, inserted_at, updated_at, position)
        SELECT normalized, user_id, address, true, is_verified, inserted_at, inserted_at, 0
          FROM unnest(@normalized, @user_id, @address, @is_verified, @inserted_at) AS t (normalized, user_id, address, is_verified, inserted_at)
        ON CONFLICT (normalized) DO NOTHING
        RETURNING user_id
        """;

    private const string CountImported = """
        SELECT split_part(substr(password_hash, @start), ':', 1) AS format, count(*)
          FROM users WHERE starts_with(password_hash, @prefix) GROUP BY format
        """;

    /// <summary>
    /// One transaction, three statements: every user row, then every address with
    /// <c>ON CONFLICT DO NOTHING</c>, then the user rows whose address was not taken are removed
    /// again. Imported users hold one address each (<see cref="User.Import"/>).
    /// </summary>
    public Task<IReadOnlyList<bool>> ImportAsync(IReadOnlyList<User> users, CancellationToken cancellationToken) =>
        database.WriteAsync<IReadOnlyList<bool>>(StoreCalls.Users, async (connection, transaction, token) =>
        {
            if (users.Count == 0)
            {
                return [];
            }

            if (users.Any(u => u.Emails.Count != 1 || u.Devices.Count != 0 || u.IsMaster))
            {
                throw new ArgumentException("Only users made by User.Import are imported.", nameof(users));
            }

            await using (var command = new NpgsqlCommand(InsertImportedUsers, connection, transaction))
            {
                command.Parameters.AddWithValue("id", users.Select(u => u.Id.Value).ToArray());
                command.Parameters.AddWithValue("full_name", users.Select(u => u.FullName.Value).ToArray());
                command.Parameters.AddWithValue("password_hash", users.Select(u => u.PasswordHash.Value).ToArray());
                command.Parameters.AddWithValue("created_at", users.Select(u => UnixTime.ToMilliseconds(u.CreatedAt)).ToArray());
                command.Parameters.AddWithValue("updated_at", users.Select(u => UnixTime.ToMilliseconds(u.UpdatedAt)).ToArray());
                await command.ExecuteNonQueryAsync(token);
            }

            var taken = await InsertImportedEmailsAsync(connection, transaction, users, token);
            var stored = users.Select(u => taken.Contains(u.Id.Value)).ToArray();
            var leftOut = users.Where((_, i) => !stored[i]).Select(u => u.Id.Value).ToArray();
            if (leftOut.Length > 0)
            {
                await using var delete = new NpgsqlCommand("DELETE FROM users WHERE id = ANY(@ids)", connection, transaction);
                delete.Parameters.AddWithValue("ids", leftOut);
                await delete.ExecuteNonQueryAsync(token);
            }

            return stored;
        }, cancellationToken);

    public Task<IReadOnlyDictionary<string, long>> CountImportedHashesAsync(CancellationToken cancellationToken) =>
        database.ReadAsync<IReadOnlyDictionary<string, long>>(StoreCalls.Users, async (connection, token) =>
        {
            await using var command = new NpgsqlCommand(CountImported, connection);
            command.Parameters.AddWithValue("start", PasswordHash.ImportedPrefix.Length + 1);
            command.Parameters.AddWithValue("prefix", PasswordHash.ImportedPrefix);
            await using var reader = await command.ExecuteReaderAsync(token);
            var counts = new Dictionary<string, long>(StringComparer.Ordinal);
            while (await reader.ReadAsync(token))
            {
                counts[reader.GetString(0)] = reader.GetInt64(1);
            }

            return counts;
        }, cancellationToken);

    private static async Task<HashSet<string>> InsertImportedEmailsAsync(
        NpgsqlConnection connection, NpgsqlTransaction transaction, IReadOnlyList<User> users, CancellationToken cancellationToken)
    {
        await using var command = new NpgsqlCommand(InsertImportedEmails, connection, transaction);
        var emails = users.Select(u => u.Emails[0]).ToArray();
        command.Parameters.AddWithValue("normalized", emails.Select(e => e.Address.Normalized).ToArray());
        command.Parameters.AddWithValue("user_id", users.Select(u => u.Id.Value).ToArray());
        command.Parameters.AddWithValue("address", emails.Select(e => e.Address.Value).ToArray());
        command.Parameters.AddWithValue("is_verified", emails.Select(e => e.IsVerified).ToArray());
        command.Parameters.AddWithValue("inserted_at", emails.Select(e => UnixTime.ToMilliseconds(e.InsertedAt)).ToArray());
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        var taken = new HashSet<string>(StringComparer.Ordinal);
        while (await reader.ReadAsync(cancellationToken))
        {
            taken.Add(reader.GetString(0));
        }

        return taken;
    }
}
