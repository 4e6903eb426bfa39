using Ludmin.Domain.Common;
using Ludmin.Domain.Passkeys;
using Ludmin.Domain.PasswordResets;
using Ludmin.Domain.Users;
using Ludmin.Infrastructure.Storage.Copying;
using Microsoft.Data.Sqlite;

namespace Ludmin.Infrastructure.Storage.Sqlite;

/// <summary>
/// The embedded database as the target of a copy: an import that upserts by id, one
/// transaction per page, so an interrupted page leaves nothing half-written. Reset codes given
/// before are recorded in <see cref="LedgerTable"/>, as on MongoDB.
/// </summary>
internal sealed class SqliteStoreCopyTarget(SqliteDatabase database) : IStoreCopyTarget
{
    /// <summary>
    /// The codes copies have given this file (<see cref="IStoreCopyTarget.UpsertResetsAsync"/>): a
    /// table of the copy's own, outside the API's migrations, made only in a file a copy writes to.
    /// </summary>
    public const string LedgerTable = "copied_reset_codes";

    public async Task PrepareAsync(CancellationToken cancellationToken)
    {
        await database.InitializeAsync(cancellationToken);
        await database.WriteAsync((connection, transaction) =>
        {
            using var create = connection.CreateCommand();
            create.Transaction = transaction;
            create.CommandText = $"""
                CREATE TABLE IF NOT EXISTS {LedgerTable} (
                    user_id    TEXT    NOT NULL,
                    code_hash  TEXT    NOT NULL,
                    expires_at INTEGER NOT NULL,
                    PRIMARY KEY (user_id, code_hash)
                ) STRICT, WITHOUT ROWID;
                """;
            return create.ExecuteNonQuery();
        }, cancellationToken);
    }

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

    public Task<ResetPageOutcome> UpsertResetsAsync(IReadOnlyList<PasswordReset> resets, CancellationToken cancellationToken) =>
        database.WriteAsync((connection, transaction) =>
        {
            var kept = 0;
            var spent = new List<PasswordReset>();
            foreach (var reset in resets)
            {
                if (WasGiven(connection, transaction, reset))
                {
                    switch (HeldCode(connection, transaction, reset.UserId))
                    {
                        case null:
                            spent.Add(reset);
                            break;
                        case var (hash, _) when hash != reset.CodeHash:
                            kept++;
                            break;
                        case var (_, failedAttempts) when failedAttempts < reset.FailedAttempts:
                            RaiseAttempts(connection, transaction, reset);
                            break;
                    }

                    continue;
                }

                RecordGiven(connection, transaction, reset);
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

            return new ResetPageOutcome(kept, spent);
        }, cancellationToken);

    public Task<DateTimeOffset?> ServedLiveSinceAsync(CancellationToken cancellationToken) =>
        new SqliteLiveStoreMarker(database).ServedLiveSinceAsync(cancellationToken);

    public Task<int> UpsertSecondFactorsAsync(IReadOnlyList<SecondFactors.SecondFactorRow> rows, CancellationToken cancellationToken) =>
        database.WriteAsync((connection, transaction) =>
        {
            var kept = 0;
            foreach (var row in rows)
            {
                using var command = connection.CreateCommand();
                command.Transaction = transaction;
                command.CommandText = SqlStatements.CopySecondFactors;
                command.Parameters.AddWithValue("@user_id", row.UserId);
                command.Parameters.AddWithValue("@version", row.Version);
                SqliteSecondFactorRepository.Bind(command, row);
                kept += command.ExecuteNonQuery() == 0 ? 1 : 0;
            }

            return kept;
        }, cancellationToken);

    public Task<int> UpsertPasskeysAsync(IReadOnlyList<Passkey> passkeys, CancellationToken cancellationToken) =>
        database.WriteAsync((connection, transaction) =>
        {
            var kept = 0;
            foreach (var passkey in passkeys)
            {
                using var upsert = connection.CreateCommand();
                upsert.Transaction = transaction;
                upsert.CommandText = SqlStatements.UpsertCopiedPasskey;
                SqlPasskeyRows.BindNew(upsert, passkey);
                SqlPasskeyRows.Bind(upsert, "@version", passkey.Version);
                kept += upsert.ExecuteNonQuery() == 0 ? 1 : 0;
            }

            return kept;
        }, cancellationToken);

    public Task<long> CountPasskeysAsync(CancellationToken cancellationToken) => SqliteCounts.PasskeysAsync(database, cancellationToken);

    public Task<long> CountUsersAsync(CancellationToken cancellationToken) => SqliteCounts.UsersAsync(database, cancellationToken);

    public Task<long> CountResetsExpiringAfterAsync(DateTimeOffset moment, CancellationToken cancellationToken) =>
        SqliteCounts.ResetsExpiringAfterAsync(database, moment, cancellationToken);

    private static bool WasGiven(SqliteConnection connection, SqliteTransaction transaction, PasswordReset reset)
    {
        using var command = connection.CreateCommand();
        command.Transaction = transaction;
        command.CommandText = $"SELECT 1 FROM {LedgerTable} WHERE user_id = $user_id AND code_hash = $code_hash";
        command.Parameters.AddWithValue("$user_id", reset.UserId.Value);
        command.Parameters.AddWithValue("$code_hash", reset.CodeHash);
        return command.ExecuteScalar() is not null;
    }

    private static void RecordGiven(SqliteConnection connection, SqliteTransaction transaction, PasswordReset reset)
    {
        using var command = connection.CreateCommand();
        command.Transaction = transaction;
        command.CommandText = $"INSERT OR IGNORE INTO {LedgerTable} (user_id, code_hash, expires_at) VALUES ($user_id, $code_hash, $expires_at)";
        command.Parameters.AddWithValue("$user_id", reset.UserId.Value);
        command.Parameters.AddWithValue("$code_hash", reset.CodeHash);
        command.Parameters.AddWithValue("$expires_at", UnixTime.ToMilliseconds(reset.ExpiresAt));
        command.ExecuteNonQuery();
    }

    private static (string CodeHash, long FailedAttempts)? HeldCode(SqliteConnection connection, SqliteTransaction transaction, UserId userId)
    {
        using var command = connection.CreateCommand();
        command.Transaction = transaction;
        command.CommandText = "SELECT code_hash, failed_attempts FROM password_resets WHERE user_id = $user_id";
        command.Parameters.AddWithValue("$user_id", userId.Value);
        using var reader = command.ExecuteReader();
        return reader.Read() ? (reader.GetString(0), reader.GetInt64(1)) : null;
    }

    /// <summary>The higher count, at the next version, so a request that read the code before loses its race.</summary>
    private static void RaiseAttempts(SqliteConnection connection, SqliteTransaction transaction, PasswordReset reset)
    {
        using var command = connection.CreateCommand();
        command.Transaction = transaction;
        command.CommandText = """
            UPDATE password_resets SET failed_attempts = $failed_attempts, version = version + 1
             WHERE user_id = $user_id AND code_hash = $code_hash AND failed_attempts < $failed_attempts
            """;
        command.Parameters.AddWithValue("$user_id", reset.UserId.Value);
        command.Parameters.AddWithValue("$code_hash", reset.CodeHash);
        command.Parameters.AddWithValue("$failed_attempts", reset.FailedAttempts);
        command.ExecuteNonQuery();
    }

    private static long? StoredVersion(SqliteConnection connection, SqliteTransaction transaction, UserId id)
    {
        using var command = connection.CreateCommand();
        command.Transaction = transaction;
        command.CommandText = "SELECT version FROM users WHERE id = $id";
        command.Parameters.AddWithValue("$id", id.Value);
        return command.ExecuteScalar() is long version ? version : null;
    }
}
