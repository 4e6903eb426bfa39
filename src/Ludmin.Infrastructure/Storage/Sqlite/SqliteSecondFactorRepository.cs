using Ludmin.Domain.Common;
using Ludmin.Domain.SecondFactors;
using Ludmin.Domain.Users;
using Ludmin.Infrastructure.Observability;
using Ludmin.Infrastructure.Storage.SecondFactors;
using Microsoft.Data.Sqlite;

namespace Ludmin.Infrastructure.Storage.Sqlite;

/// <summary>Second factors, one row per user, every change a compare-and-set on its version (<see cref="SqlStatements"/>).</summary>
internal sealed class SqliteSecondFactorRepository(SqliteDatabase database) : ISecondFactorRepository
{
    public Task<SecondFactorSet> FindAsync(UserId userId, CancellationToken cancellationToken) =>
        database.ReadAsync(StoreCalls.SecondFactors, connection => Read(connection, transaction: null, userId.Value) ?? SecondFactorSet.None, cancellationToken);

    public Task SaveAsync(UserId userId, SecondFactorSet factors, DateTimeOffset now, CancellationToken cancellationToken) =>
        database.WriteAsync(StoreCalls.SecondFactors, (connection, transaction) =>
        {
            using var command = connection.CreateCommand();
            command.Transaction = transaction;
            command.Parameters.AddWithValue("@user_id", userId.Value);
            command.Parameters.AddWithValue("@version", factors.Version);
            if (factors.IsEmpty)
            {
                command.CommandText = SqlStatements.DeleteSecondFactors;
            }
            else
            {
                command.CommandText = factors.Version == 0 ? SqlStatements.InsertSecondFactors : SqlStatements.UpdateSecondFactors;
                Bind(command, SecondFactorRow.From(userId, factors));
            }

            try
            {
                return command.ExecuteNonQuery() == 1 || (factors.IsEmpty && factors.Version == 0)
                    ? 0
                    : throw new ConcurrencyException("second factors", userId.Value);
            }
            catch (SqliteException ex) when (SqliteErrors.IsForeignKeyViolation(ex))
            {
                throw new DomainException(Errors.UserNotFound);
            }
        }, cancellationToken);

    public Task<int> DeleteExpiredAsync(DateTimeOffset now, CancellationToken cancellationToken) =>
        database.WriteAsync(StoreCalls.SecondFactors, (connection, transaction) =>
        {
            using var command = connection.CreateCommand();
            command.Transaction = transaction;
            command.CommandText = SqlStatements.DeleteExpiredSecondFactors;
            command.Parameters.AddWithValue("@now", UnixTime.ToMilliseconds(now));
            return command.ExecuteNonQuery();
        }, cancellationToken);

    internal static SecondFactorSet? Read(SqliteConnection connection, SqliteTransaction? transaction, string userId)
    {
        using var command = connection.CreateCommand();
        command.Transaction = transaction;
        command.CommandText = SqlStatements.SelectSecondFactors;
        command.Parameters.AddWithValue("@user_id", userId);
        using var reader = command.ExecuteReader();
        return reader.Read() ? ReadRow(reader).ToDomain() : null;
    }

    internal static SecondFactorRow ReadRow(SqliteDataReader reader) => new(
        reader.GetString(0),
        (byte[])reader.GetValue(1),
        reader.GetString(2),
        reader.GetInt64(3),
        reader.IsDBNull(4) ? null : reader.GetInt64(4),
        reader.IsDBNull(5) ? null : reader.GetInt64(5),
        reader.GetString(6),
        reader.IsDBNull(7) ? null : reader.GetInt64(7),
        reader.GetInt64(8));

    internal static void Bind(SqliteCommand command, SecondFactorRow row)
    {
        command.Parameters.AddWithValue("@totp_secret", row.TotpSecret);
        command.Parameters.AddWithValue("@totp_state", row.TotpState);
        command.Parameters.AddWithValue("@enrolled_at", row.EnrolledAt);
        command.Parameters.AddWithValue("@activated_at", (object?)row.ActivatedAt ?? DBNull.Value);
        command.Parameters.AddWithValue("@last_step", (object?)row.LastStep ?? DBNull.Value);
        command.Parameters.AddWithValue("@recovery_codes", row.RecoveryCodes);
        command.Parameters.AddWithValue("@expires_at", (object?)row.ExpiresAt ?? DBNull.Value);
    }
}
