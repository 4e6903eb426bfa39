using Ludmin.Domain.Common;
using Ludmin.Domain.PasswordResets;
using Ludmin.Domain.Users;
using Ludmin.Infrastructure.Observability;
using Microsoft.Data.Sqlite;

namespace Ludmin.Infrastructure.Storage.Sqlite;

/// <summary>One row per user (the primary key), so a new code replaces the old one in the same write.</summary>
internal sealed class SqlitePasswordResetRepository(SqliteDatabase database) : IPasswordResetRepository
{
    internal const string SelectReset = "SELECT user_id, code_hash, created_at, expires_at, failed_attempts, version, code_sealed FROM password_resets";

    public Task<PasswordReset?> FindAsync(UserId userId, CancellationToken cancellationToken) =>
        database.ReadAsync(StoreCalls.PasswordResets, connection =>
        {
            using var command = connection.CreateCommand();
            command.CommandText = $"{SelectReset} WHERE user_id = $user_id";
            command.Parameters.AddWithValue("$user_id", userId.Value);
            using var reader = command.ExecuteReader();
            return reader.Read() ? Read(reader) : null;
        }, cancellationToken);

    public Task ReplaceAsync(PasswordReset reset, CancellationToken cancellationToken) =>
        database.WriteAsync(StoreCalls.PasswordResets, (connection, transaction) =>
        {
            using var command = Command(connection, transaction, SqlStatements.ReplaceReset, reset);
            command.Parameters.AddWithValue("@code_sealed", (object?)reset.SealedCode ?? DBNull.Value);
            command.Parameters.AddWithValue("@created_at", UnixTime.ToMilliseconds(reset.CreatedAt));
            command.Parameters.AddWithValue("@expires_at", UnixTime.ToMilliseconds(reset.ExpiresAt));
            try
            {
                return command.ExecuteNonQuery();
            }
            catch (SqliteException ex) when (SqliteErrors.IsForeignKeyViolation(ex))
            {
                // The account was closed since the request read it: there is nobody to issue a code to.
                throw new DomainException(Errors.UserNotFound);
            }
        }, cancellationToken);

    public Task UpdateAsync(PasswordReset reset, CancellationToken cancellationToken) =>
        database.WriteAsync(StoreCalls.PasswordResets, (connection, transaction) =>
        {
            using var command = Command(connection, transaction, SqlStatements.UpdateResetAttempts, reset);
            command.Parameters.AddWithValue("@failed_attempts", reset.FailedAttempts);
            command.Parameters.AddWithValue("@version", reset.Version);
            return command.ExecuteNonQuery() == 1 ? 0 : throw new ConcurrencyException("reset code", reset.UserId.Value);
        }, cancellationToken);

    public Task<bool> TryConsumeAsync(PasswordReset reset, CancellationToken cancellationToken) =>
        database.WriteAsync(StoreCalls.PasswordResets, (connection, transaction) =>
        {
            using var command = Command(connection, transaction, SqlStatements.ConsumeReset, reset);
            command.Parameters.AddWithValue("@version", reset.Version);
            return command.ExecuteNonQuery() == 1;
        }, cancellationToken);

    /// <summary>One transaction: the code's consumption and the new password commit together or not at all.</summary>
    public Task<bool> TryCompleteAsync(PasswordReset reset, User user, CancellationToken cancellationToken) =>
        database.WriteAsync(StoreCalls.PasswordResets, (connection, transaction) =>
        {
            using var command = Command(connection, transaction, SqlStatements.ConsumeReset, reset);
            command.Parameters.AddWithValue("@version", reset.Version);
            if (command.ExecuteNonQuery() != 1)
            {
                return false;
            }

            SqliteUserRepository.WriteChanges(connection, transaction, user);
            return true;
        }, cancellationToken);

    public Task<int> CountRefusalsAsync(string clientAddress, DateTimeOffset now, CancellationToken cancellationToken) =>
        database.ReadAsync(connection =>
        {
            using var command = connection.CreateCommand();
            command.CommandText = SqlStatements.CountResetRefusals;
            command.Parameters.AddWithValue("@client", clientAddress);
            command.Parameters.AddWithValue("@now", UnixTime.ToMilliseconds(now));
            return command.ExecuteScalar() is long refusals ? (int)refusals : 0;
        }, cancellationToken);

    /// <summary>Both counts in one transaction: whatever the refusal, it costs one write.</summary>
    public Task RecordRefusalAsync(string clientAddress, PasswordReset? guessed, DateTimeOffset now, TimeSpan window, CancellationToken cancellationToken) =>
        database.WriteAsync((connection, transaction) =>
        {
            using (var count = connection.CreateCommand())
            {
                count.Transaction = transaction;
                count.CommandText = SqlStatements.CountResetRefusal;
                count.Parameters.AddWithValue("@client", clientAddress);
                count.Parameters.AddWithValue("@now", UnixTime.ToMilliseconds(now));
                count.Parameters.AddWithValue("@window_ends", UnixTime.ToMilliseconds(now + window));
                count.ExecuteNonQuery();
            }

            if (guessed is not null)
            {
                using var wrongTry = Command(connection, transaction, SqlStatements.CountWrongTry, guessed);
                wrongTry.ExecuteNonQuery();
            }

            return 0;
        }, cancellationToken);

    public Task<int> DeleteExpiredAsync(DateTimeOffset now, CancellationToken cancellationToken) =>
        database.WriteAsync(StoreCalls.PasswordResets, (connection, transaction) =>
        {
            var removed = 0;
            foreach (var sql in SqlStatements.DeleteExpiredResets)
            {
                using var command = connection.CreateCommand();
                command.Transaction = transaction;
                command.CommandText = sql;
                command.Parameters.AddWithValue("@now", UnixTime.ToMilliseconds(now));
                removed += command.ExecuteNonQuery();
            }

            return removed;
        }, cancellationToken);

    internal static PasswordReset Read(SqliteDataReader reader) => PasswordReset.Restore(
        UserId.Parse(reader.GetString(0)),
        reader.GetString(1),
        UnixTime.FromMilliseconds(reader.GetInt64(2)),
        UnixTime.FromMilliseconds(reader.GetInt64(3)),
        reader.GetInt32(4),
        reader.GetInt64(5),
        reader.IsDBNull(6) ? null : reader.GetString(6));

    private static SqliteCommand Command(SqliteConnection connection, SqliteTransaction transaction, string sql, PasswordReset reset)
    {
        var command = connection.CreateCommand();
        command.Transaction = transaction;
        command.CommandText = sql;
        command.Parameters.AddWithValue("@user_id", reset.UserId.Value);

        // The code hash too: a version alone could match a newer code written after this one was consumed.
        command.Parameters.AddWithValue("@code_hash", reset.CodeHash);
        return command;
    }
}
