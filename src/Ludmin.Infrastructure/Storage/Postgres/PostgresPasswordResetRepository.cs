using Ludmin.Domain.Common;
using Ludmin.Domain.PasswordResets;
using Ludmin.Domain.Users;
using Ludmin.Infrastructure.Observability;
using Ludmin.Infrastructure.Storage.Sqlite;
using Npgsql;

namespace Ludmin.Infrastructure.Storage.Postgres;

/// <summary>One row per user (the primary key), so a new code replaces the old one in the same statement; every write is <see cref="SqlStatements"/>' own.</summary>
internal sealed class PostgresPasswordResetRepository(PostgresDatabase database) : IPasswordResetRepository
{
    public const string SelectReset = "SELECT user_id, code_hash, created_at, expires_at, failed_attempts, version, code_sealed FROM password_resets";

    public Task<PasswordReset?> FindAsync(UserId userId, CancellationToken cancellationToken) =>
        database.ReadAsync(StoreCalls.PasswordResets, async (connection, token) =>
        {
            await using var command = new NpgsqlCommand($"{SelectReset} WHERE user_id = @user_id", connection);
            command.Parameters.AddWithValue("user_id", userId.Value);
            return (await ReadAllAsync(command, token)).SingleOrDefault();
        }, cancellationToken);

    public Task ReplaceAsync(PasswordReset reset, CancellationToken cancellationToken) =>
        database.WriteAsync(StoreCalls.PasswordResets, async (connection, transaction, token) =>
        {
            await using var command = Command(connection, transaction, SqlStatements.ReplaceReset, reset);
            command.Parameters.Add(new NpgsqlParameter<string?>("code_sealed", NpgsqlTypes.NpgsqlDbType.Text) { TypedValue = reset.SealedCode });
            command.Parameters.AddWithValue("created_at", UnixTime.ToMilliseconds(reset.CreatedAt));
            command.Parameters.AddWithValue("expires_at", UnixTime.ToMilliseconds(reset.ExpiresAt));
            try
            {
                return await command.ExecuteNonQueryAsync(token);
            }
            catch (PostgresException ex) when (PostgresErrors.IsForeignKeyViolation(ex))
            {
                // The account was closed since the request read it: there is nobody to issue a code to.
                throw new DomainException(Errors.UserNotFound);
            }
        }, cancellationToken);

    public Task UpdateAsync(PasswordReset reset, CancellationToken cancellationToken) =>
        database.WriteAsync(StoreCalls.PasswordResets, async (connection, transaction, token) =>
        {
            await using var command = Command(connection, transaction, SqlStatements.UpdateResetAttempts, reset);
            command.Parameters.AddWithValue("failed_attempts", reset.FailedAttempts);
            command.Parameters.AddWithValue("version", reset.Version);
            return await command.ExecuteNonQueryAsync(token) == 1 ? 0 : throw new ConcurrencyException("reset code", reset.UserId.Value);
        }, cancellationToken);

    public Task<bool> TryConsumeAsync(PasswordReset reset, CancellationToken cancellationToken) =>
        database.WriteAsync(StoreCalls.PasswordResets, async (connection, transaction, token) =>
        {
            await using var command = Command(connection, transaction, SqlStatements.ConsumeReset, reset);
            command.Parameters.AddWithValue("version", reset.Version);
            return await command.ExecuteNonQueryAsync(token) == 1;
        }, cancellationToken);

    /// <summary>One transaction: the code's consumption and the new password commit together or not at all.</summary>
    public Task<bool> TryCompleteAsync(PasswordReset reset, User user, CancellationToken cancellationToken) =>
        database.WriteAsync(StoreCalls.PasswordResets, async (connection, transaction, token) =>
        {
            // The user's row first, as a deletion takes it before the user's code: no deadlock between them.
            await PostgresUserRepository.LockUserAsync(connection, transaction, user.Id, token);
            await using var command = Command(connection, transaction, SqlStatements.ConsumeReset, reset);
            command.Parameters.AddWithValue("version", reset.Version);
            if (await command.ExecuteNonQueryAsync(token) != 1)
            {
                return false;
            }

            await PostgresUserRepository.WriteChangesAsync(connection, transaction, user, token);
            return true;
        }, cancellationToken);

    public Task<int> CountRefusalsAsync(string clientAddress, DateTimeOffset now, CancellationToken cancellationToken) =>
        database.ReadAsync(StoreCalls.PasswordResets, async (connection, token) =>
        {
            await using var command = new NpgsqlCommand(SqlStatements.CountResetRefusals, connection);
            command.Parameters.AddWithValue("client", clientAddress);
            command.Parameters.AddWithValue("now", UnixTime.ToMilliseconds(now));
            return await command.ExecuteScalarAsync(token) is int refusals ? refusals : 0;
        }, cancellationToken);

    /// <summary>Both counts in one transaction: whatever the refusal, it costs one write.</summary>
    public Task RecordRefusalAsync(string clientAddress, PasswordReset? guessed, DateTimeOffset now, TimeSpan window, CancellationToken cancellationToken) =>
        database.WriteAsync(StoreCalls.PasswordResets, async (connection, transaction, token) =>
        {
            await using (var count = new NpgsqlCommand(SqlStatements.CountResetRefusal, connection, transaction))
            {
                count.Parameters.AddWithValue("client", clientAddress);
                count.Parameters.AddWithValue("now", UnixTime.ToMilliseconds(now));
                count.Parameters.AddWithValue("window_ends", UnixTime.ToMilliseconds(now + window));
                await count.ExecuteNonQueryAsync(token);
            }

            if (guessed is not null)
            {
                await using var wrongTry = Command(connection, transaction, SqlStatements.CountWrongTry, guessed);
                await wrongTry.ExecuteNonQueryAsync(token);
            }

            return 0;
        }, cancellationToken);

    public Task<int> DeleteExpiredAsync(DateTimeOffset now, CancellationToken cancellationToken) =>
        database.WriteAsync(StoreCalls.PasswordResets, async (connection, transaction, token) =>
        {
            var removed = 0;
            foreach (var sql in SqlStatements.DeleteExpiredResets)
            {
                await using var command = new NpgsqlCommand(sql, connection, transaction);
                command.Parameters.AddWithValue("now", UnixTime.ToMilliseconds(now));
                removed += await command.ExecuteNonQueryAsync(token);
            }

            return removed;
        }, cancellationToken);

    /// <summary>Every code <paramref name="command"/> selects (with <see cref="SelectReset"/>'s columns), in order.</summary>
    public static async Task<IReadOnlyList<PasswordReset>> ReadAllAsync(NpgsqlCommand command, CancellationToken cancellationToken)
    {
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        var resets = new List<PasswordReset>();
        while (await reader.ReadAsync(cancellationToken))
        {
            resets.Add(PasswordReset.Restore(
                UserId.Parse(reader.GetString(0)),
                reader.GetString(1),
                UnixTime.FromMilliseconds(reader.GetInt64(2)),
                UnixTime.FromMilliseconds(reader.GetInt64(3)),
                reader.GetInt32(4),
                reader.GetInt64(5),
                reader.IsDBNull(6) ? null : reader.GetString(6)));
        }

        return resets;
    }

    private static NpgsqlCommand Command(NpgsqlConnection connection, NpgsqlTransaction transaction, string sql, PasswordReset reset)
    {
        var command = new NpgsqlCommand(sql, connection, transaction);
        command.Parameters.AddWithValue("user_id", reset.UserId.Value);
        command.Parameters.AddWithValue("code_hash", reset.CodeHash);
        return command;
    }
}
