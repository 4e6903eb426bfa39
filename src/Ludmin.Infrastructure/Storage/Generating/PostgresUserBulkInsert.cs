using Ludmin.Domain.Users;
using Ludmin.Infrastructure.Storage.Postgres;
using Ludmin.Infrastructure.Storage.Sqlite;
using Npgsql;

namespace Ludmin.Infrastructure.Storage.Generating;

/// <summary>
/// New users as three statements per batch, one per table, each over arrays (<c>unnest</c>), in
/// one transaction: a batch is one round trip per table, however many users it holds. An address
/// already held fails the batch, as on SQLite.
/// </summary>
internal sealed class PostgresUserBulkInsert(PostgresDatabase database) : IUserBulkInsert
{
    private const string InsertUsers = """
        INSERT INTO users (id, full_name, password_hash, password_history, is_master, created_at, updated_at, version)
        SELECT * FROM unnest(@id, @full_name, @password_hash, @password_history, @is_master, @created_at, @updated_at, @version)
        """;

    public Task<int> InsertAsync(IReadOnlyList<User> users, CancellationToken cancellationToken) =>
        database.WriteAsync(async (connection, transaction, token) =>
        {
            await using (var command = new NpgsqlCommand(InsertUsers, connection, transaction))
            {
                command.Parameters.AddWithValue("id", users.Select(u => u.Id.Value).ToArray());
                command.Parameters.AddWithValue("full_name", users.Select(u => u.FullName.Value).ToArray());
                command.Parameters.AddWithValue("password_hash", users.Select(u => u.PasswordHash.Value).ToArray());
                command.Parameters.AddWithValue("password_history", users.Select(u => System.Text.Json.JsonSerializer.Serialize(u.PasswordHistory.Select(h => h.Value))).ToArray());
                command.Parameters.AddWithValue("is_master", users.Select(u => u.IsMaster).ToArray());
                command.Parameters.AddWithValue("created_at", users.Select(u => UnixTime.ToMilliseconds(u.CreatedAt)).ToArray());
                command.Parameters.AddWithValue("updated_at", users.Select(u => UnixTime.ToMilliseconds(u.UpdatedAt)).ToArray());
                command.Parameters.AddWithValue("version", users.Select(u => u.Version).ToArray());
                await command.ExecuteNonQueryAsync(token);
            }

            await PostgresUserRows.InsertEmailsAsync(connection, transaction, users, token);
            await PostgresUserRows.InsertDevicesAsync(connection, transaction, users, token);
            return 0;
        }, cancellationToken);
}
