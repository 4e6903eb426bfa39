using Ludmin.Domain.Common;
using Ludmin.Domain.PasswordResets;
using Ludmin.Domain.Users;
using Ludmin.Infrastructure.Storage.Copying;
using Microsoft.Data.Sqlite;

namespace Ludmin.Infrastructure.Storage.Sqlite;

/// <summary>
/// The embedded database as the target of a copy: an import that upserts by id, one
/// transaction per page, so an interrupted page leaves nothing half-written.
/// </summary>
internal sealed class SqliteStoreCopyTarget(SqliteDatabase database) : IStoreCopyTarget
{
    public Task PrepareAsync(CancellationToken cancellationToken) => database.InitializeAsync(cancellationToken);

    public Task<int> UpsertUsersAsync(IReadOnlyList<User> users, CancellationToken cancellationToken) =>
        database.WriteAsync((connection, transaction) =>
        {
            var kept = 0;
            foreach (var user in users)
            {
                if (StoredVersion(connection, transaction, user.Id) > user.Version)
                {
                    kept++;
                    continue;
                }

                using var upsert = connection.CreateCommand();
                upsert.Transaction = transaction;
                upsert.CommandText = """
                    INSERT INTO users (id, full_name, password_hash, password_history, is_master, created_at, updated_at, version)
                    VALUES ($id, $full_name, $password_hash, $password_history, $is_master, $created_at, $updated_at, $version)
                    ON CONFLICT (id) DO UPDATE
                       SET full_name = excluded.full_name, password_hash = excluded.password_hash,
                           password_history = excluded.password_history, is_master = excluded.is_master,
                           created_at = excluded.created_at, updated_at = excluded.updated_at, version = excluded.version;
                    DELETE FROM user_emails WHERE user_id = $id;
                    DELETE FROM user_devices WHERE user_id = $id;
                    """;
                SqliteUserRepository.BindUser(upsert, user);
                upsert.Parameters.AddWithValue("$version", user.Version);
                upsert.ExecuteNonQuery();
                try
                {
                    SqliteUserRepository.WriteChildren(connection, transaction, user);
                }
                catch (DomainException ex) when (ex.Error == Errors.EmailInUse)
                {
                    throw new InvalidOperationException($"User {user.Id} was not copied: one of its addresses belongs to another user in the target store.");
                }
            }

            return kept;
        }, cancellationToken);

    public Task<int> UpsertResetsAsync(IReadOnlyList<PasswordReset> resets, CancellationToken cancellationToken) =>
        database.WriteAsync((connection, transaction) =>
        {
            var kept = 0;
            foreach (var reset in resets)
            {
                using var upsert = connection.CreateCommand();
                upsert.Transaction = transaction;
                upsert.CommandText = """
                    INSERT INTO password_resets (user_id, code_hash, created_at, expires_at, failed_attempts, version)
                    VALUES ($user_id, $code_hash, $created_at, $expires_at, $failed_attempts, $version)
                    ON CONFLICT (user_id) DO UPDATE
                       SET code_hash = excluded.code_hash, created_at = excluded.created_at, expires_at = excluded.expires_at,
                           failed_attempts = excluded.failed_attempts, version = excluded.version
                     WHERE password_resets.created_at <= excluded.created_at
                    """;
                upsert.Parameters.AddWithValue("$user_id", reset.UserId.Value);
                upsert.Parameters.AddWithValue("$code_hash", reset.CodeHash);
                upsert.Parameters.AddWithValue("$created_at", UnixTime.ToMilliseconds(reset.CreatedAt));
                upsert.Parameters.AddWithValue("$expires_at", UnixTime.ToMilliseconds(reset.ExpiresAt));
                upsert.Parameters.AddWithValue("$failed_attempts", reset.FailedAttempts);
                upsert.Parameters.AddWithValue("$version", reset.Version);
                if (upsert.ExecuteNonQuery() == 0)
                {
                    kept++;
                }
            }

            return kept;
        }, cancellationToken);

    public Task<long> CountUsersAsync(CancellationToken cancellationToken) => SqliteCounts.UsersAsync(database, cancellationToken);

    public Task<long> CountResetsExpiringAfterAsync(DateTimeOffset moment, CancellationToken cancellationToken) =>
        SqliteCounts.ResetsExpiringAfterAsync(database, moment, cancellationToken);

    private static long? StoredVersion(SqliteConnection connection, SqliteTransaction transaction, UserId id)
    {
        using var command = connection.CreateCommand();
        command.Transaction = transaction;
        command.CommandText = "SELECT version FROM users WHERE id = $id";
        command.Parameters.AddWithValue("$id", id.Value);
        return command.ExecuteScalar() is long version ? version : null;
    }
}
