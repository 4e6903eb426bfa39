using Ludmin.Domain.Passkeys;
using Ludmin.Domain.PasswordResets;
using Ludmin.Domain.Users;
using Ludmin.Infrastructure.Storage.Copying;
using Ludmin.Infrastructure.Storage.Sqlite;
using Npgsql;

namespace Ludmin.Infrastructure.Storage.Postgres;

/// <summary>
/// PostgreSQL as the target of copy-store, as <see cref="SqliteStoreCopyTarget"/> does it: an
/// import that upserts by id, one transaction per page, so an interrupted page leaves nothing
/// half-written; the reset codes given before are recorded in <see cref="LedgerTable"/>.
/// </summary>
internal sealed class PostgresStoreCopyTarget(PostgresDatabase database) : IStoreCopyTarget
{
    public const string LedgerTable = SqliteStoreCopyTarget.LedgerTable;

    public async Task PrepareAsync(CancellationToken cancellationToken)
    {
        await database.WaitUntilReadyAsync(cancellationToken);
        await database.WriteAsync(async (connection, transaction, token) =>
        {
            await using var create = new NpgsqlCommand($"""
                CREATE TABLE IF NOT EXISTS {LedgerTable} (
                    user_id    text   COLLATE "C" NOT NULL,
                    code_hash  text   NOT NULL,
                    expires_at bigint NOT NULL,
                    PRIMARY KEY (user_id, code_hash)
                )
                """, connection, transaction);
            return await create.ExecuteNonQueryAsync(token);
        }, cancellationToken);
    }

    public Task<int> UpsertUsersAsync(IReadOnlyList<User> users, CancellationToken cancellationToken) =>
        database.WriteAsync(async (connection, transaction, token) =>
        {
            var kept = 0;
            foreach (var user in users)
            {
                if (await UpsertUserAsync(connection, transaction, user, token))
                {
                    continue;
                }

                kept++;
            }

            return kept;
        }, cancellationToken);

    public Task<ResetPageOutcome> UpsertResetsAsync(IReadOnlyList<PasswordReset> resets, CancellationToken cancellationToken) =>
        database.WriteAsync(async (connection, transaction, token) =>
        {
            var kept = 0;
            var spent = new List<PasswordReset>();
            foreach (var reset in resets)
            {
                switch (await GiveAsync(connection, transaction, reset, token))
                {
                    case ResetGiven.Spent:
                        spent.Add(reset);
                        break;
                    case ResetGiven.KeptNewer:
                        kept++;
                        break;
                }
            }

            return new ResetPageOutcome(kept, spent);
        }, cancellationToken);

    public Task<DateTimeOffset?> ServedLiveSinceAsync(CancellationToken cancellationToken) =>
        new PostgresLiveStoreMarker(database).ServedLiveSinceAsync(cancellationToken);

    public Task<int> UpsertPasskeysAsync(IReadOnlyList<Passkey> passkeys, CancellationToken cancellationToken) =>
        database.WriteAsync(async (connection, transaction, token) =>
        {
            var kept = 0;
            foreach (var passkey in passkeys)
            {
                await using var upsert = new NpgsqlCommand(SqlStatements.UpsertCopiedPasskey, connection, transaction);
                SqlPasskeyRows.BindNew(upsert, passkey);
                SqlPasskeyRows.Bind(upsert, "@version", passkey.Version);
                kept += await upsert.ExecuteNonQueryAsync(token) == 0 ? 1 : 0;
            }

            return kept;
        }, cancellationToken);

    public Task<long> CountPasskeysAsync(CancellationToken cancellationToken) => ScalarAsync(SqlStatements.CountPasskeys, null, cancellationToken);

    public Task<long> CountUsersAsync(CancellationToken cancellationToken) => ScalarAsync("SELECT count(*) FROM users", null, cancellationToken);

    public Task<int> UpsertSecondFactorsAsync(IReadOnlyList<SecondFactors.SecondFactorRow> rows, CancellationToken cancellationToken) =>
        database.WriteAsync(async (connection, transaction, token) =>
        {
            var kept = 0;
            foreach (var row in rows)
            {
                await using var command = new NpgsqlCommand(SqlStatements.CopySecondFactors, connection, transaction);
                command.Parameters.AddWithValue("user_id", row.UserId);
                command.Parameters.AddWithValue("version", row.Version);
                PostgresSecondFactorRepository.Bind(command, row);
                kept += await command.ExecuteNonQueryAsync(token) == 0 ? 1 : 0;
            }

            return kept;
        }, cancellationToken);

    public Task<long> CountResetsExpiringAfterAsync(DateTimeOffset moment, CancellationToken cancellationToken) =>
        ScalarAsync("SELECT count(*) FROM password_resets WHERE expires_at > @moment", UnixTime.ToMilliseconds(moment), cancellationToken);

    /// <summary>Writes the user as given unless the target holds it at a higher version (then false).</summary>
    private static async Task<bool> UpsertUserAsync(NpgsqlConnection connection, NpgsqlTransaction transaction, User user, CancellationToken cancellationToken)
    {
        await using var upsert = new NpgsqlCommand($"""
            {PostgresUserRows.InsertUser}
            ON CONFLICT (id) DO UPDATE
               SET full_name = excluded.full_name, password_hash = excluded.password_hash,
                   password_history = excluded.password_history, is_master = excluded.is_master,
                   created_at = excluded.created_at, updated_at = excluded.updated_at, version = excluded.version
             WHERE users.version <= excluded.version
            """, connection, transaction);
        PostgresUserRows.BindUser(upsert, user);
        if (await upsert.ExecuteNonQueryAsync(cancellationToken) == 0)
        {
            return false;
        }

        await using (var clear = new NpgsqlCommand("DELETE FROM user_emails WHERE user_id = @id; DELETE FROM user_devices WHERE user_id = @id", connection, transaction))
        {
            clear.Parameters.AddWithValue("id", user.Id.Value);
            await clear.ExecuteNonQueryAsync(cancellationToken);
        }

        try
        {
            await PostgresUserRows.InsertEmailsAsync(connection, transaction, [user], cancellationToken);
        }
        catch (PostgresException ex) when (PostgresErrors.IsUniqueViolation(ex))
        {
            throw new InvalidOperationException($"User {user.Id} was not copied: one of its addresses belongs to another user in the target store.");
        }

        await PostgresUserRows.InsertDevicesAsync(connection, transaction, [user], cancellationToken);
        return true;
    }

    /// <summary>
    /// A code given before is never stored again: still held, only a higher failed-attempt count is
    /// carried over; no longer held, it stays spent. A new one is recorded first, then stored
    /// unless the target holds a code of that user issued later.
    /// </summary>
    private static async Task<ResetGiven> GiveAsync(NpgsqlConnection connection, NpgsqlTransaction transaction, PasswordReset reset, CancellationToken cancellationToken)
    {
        await using var record = new NpgsqlCommand(
            $"INSERT INTO {LedgerTable} (user_id, code_hash, expires_at) VALUES (@user_id, @code_hash, @expires_at) ON CONFLICT DO NOTHING", connection, transaction);
        BindReset(record, reset);
        if (await record.ExecuteNonQueryAsync(cancellationToken) == 0)
        {
            return await GivenBeforeAsync(connection, transaction, reset, cancellationToken);
        }

        await using var upsert = new NpgsqlCommand("""
            INSERT INTO password_resets (user_id, code_hash, code_sealed, created_at, expires_at, failed_attempts, version)
            VALUES (@user_id, @code_hash, @code_sealed, @created_at, @expires_at, @failed_attempts, @version)
            ON CONFLICT (user_id) DO UPDATE
               SET code_hash = excluded.code_hash, code_sealed = excluded.code_sealed, created_at = excluded.created_at, expires_at = excluded.expires_at,
                   failed_attempts = excluded.failed_attempts, version = excluded.version
             WHERE password_resets.created_at <= excluded.created_at
            """, connection, transaction);
        BindReset(upsert, reset);
        upsert.Parameters.Add(new NpgsqlParameter<string?>("code_sealed", NpgsqlTypes.NpgsqlDbType.Text) { TypedValue = reset.SealedCode });
        upsert.Parameters.AddWithValue("created_at", UnixTime.ToMilliseconds(reset.CreatedAt));
        upsert.Parameters.AddWithValue("failed_attempts", reset.FailedAttempts);
        upsert.Parameters.AddWithValue("version", reset.Version);
        return await upsert.ExecuteNonQueryAsync(cancellationToken) == 0 ? ResetGiven.KeptNewer : ResetGiven.Stored;
    }

    private static async Task<ResetGiven> GivenBeforeAsync(NpgsqlConnection connection, NpgsqlTransaction transaction, PasswordReset reset, CancellationToken cancellationToken)
    {
        await using var held = new NpgsqlCommand("SELECT code_hash FROM password_resets WHERE user_id = @user_id FOR UPDATE", connection, transaction);
        held.Parameters.AddWithValue("user_id", reset.UserId.Value);
        var hash = await held.ExecuteScalarAsync(cancellationToken) as string;
        if (hash is null)
        {
            return ResetGiven.Spent;
        }

        if (hash != reset.CodeHash)
        {
            return ResetGiven.KeptNewer;
        }

        // The higher count, at the next version, so a request that read the code before loses its race.
        await using var raise = new NpgsqlCommand("""
            UPDATE password_resets SET failed_attempts = @failed_attempts, version = version + 1
             WHERE user_id = @user_id AND code_hash = @code_hash AND failed_attempts < @failed_attempts
            """, connection, transaction);
        BindReset(raise, reset);
        raise.Parameters.AddWithValue("failed_attempts", reset.FailedAttempts);
        await raise.ExecuteNonQueryAsync(cancellationToken);
        return ResetGiven.Stored;
    }

    private static void BindReset(NpgsqlCommand command, PasswordReset reset)
    {
        command.Parameters.AddWithValue("user_id", reset.UserId.Value);
        command.Parameters.AddWithValue("code_hash", reset.CodeHash);
        command.Parameters.AddWithValue("expires_at", UnixTime.ToMilliseconds(reset.ExpiresAt));
    }

    private Task<long> ScalarAsync(string sql, long? moment, CancellationToken cancellationToken) =>
        database.ReadAsync(async (connection, token) =>
        {
            await using var command = new NpgsqlCommand(sql, connection);
            if (moment is { } value)
            {
                command.Parameters.AddWithValue("moment", value);
            }

            return (long)(await command.ExecuteScalarAsync(token))!;
        }, cancellationToken);

    private enum ResetGiven
    {
        Stored,
        KeptNewer,
        Spent,
    }
}
