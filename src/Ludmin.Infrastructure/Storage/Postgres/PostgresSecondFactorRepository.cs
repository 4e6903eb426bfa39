using Ludmin.Domain.Common;
using Ludmin.Domain.SecondFactors;
using Ludmin.Domain.Users;
using Ludmin.Infrastructure.Observability;
using Ludmin.Infrastructure.Storage.SecondFactors;
using Ludmin.Infrastructure.Storage.Sqlite;
using Npgsql;
using NpgsqlTypes;

namespace Ludmin.Infrastructure.Storage.Postgres;

/// <summary>Second factors, one row per user, every change a compare-and-set on its version; the statements are <see cref="SqlStatements"/>' own.</summary>
internal sealed class PostgresSecondFactorRepository(PostgresDatabase database) : ISecondFactorRepository
{
    public Task<SecondFactorSet> FindAsync(UserId userId, CancellationToken cancellationToken) =>
        database.ReadAsync(StoreCalls.SecondFactors, async (connection, token) =>
        {
            await using var command = new NpgsqlCommand(SqlStatements.SelectSecondFactors, connection);
            command.Parameters.AddWithValue("user_id", userId.Value);
            await using var reader = await command.ExecuteReaderAsync(token);
            return await reader.ReadAsync(token) ? ReadRow(reader).ToDomain() : SecondFactorSet.None;
        }, cancellationToken);

    public Task SaveAsync(UserId userId, SecondFactorSet factors, DateTimeOffset now, CancellationToken cancellationToken) =>
        database.WriteAsync(StoreCalls.SecondFactors, async (connection, transaction, token) =>
        {
            var sql = factors.IsEmpty ? SqlStatements.DeleteSecondFactors
                : factors.Version == 0 ? SqlStatements.InsertSecondFactors
                : SqlStatements.UpdateSecondFactors;
            await using var command = new NpgsqlCommand(sql, connection, transaction);
            command.Parameters.AddWithValue("user_id", userId.Value);
            command.Parameters.AddWithValue("version", factors.Version);
            if (!factors.IsEmpty)
            {
                Bind(command, SecondFactorRow.From(userId, factors));
            }

            try
            {
                return await command.ExecuteNonQueryAsync(token) == 1 || (factors.IsEmpty && factors.Version == 0)
                    ? 0
                    : throw new ConcurrencyException("second factors", userId.Value);
            }
            catch (PostgresException ex) when (PostgresErrors.IsForeignKeyViolation(ex))
            {
                throw new DomainException(Errors.UserNotFound);
            }
        }, cancellationToken);

    public Task<int> DeleteExpiredAsync(DateTimeOffset now, CancellationToken cancellationToken) =>
        database.WriteAsync(StoreCalls.SecondFactors, async (connection, transaction, token) =>
        {
            await using var command = new NpgsqlCommand(SqlStatements.DeleteExpiredSecondFactors, connection, transaction);
            command.Parameters.AddWithValue("now", UnixTime.ToMilliseconds(now));
            return await command.ExecuteNonQueryAsync(token);
        }, cancellationToken);

    internal static SecondFactorRow ReadRow(NpgsqlDataReader reader) => new(
        reader.GetString(0),
        reader.GetFieldValue<byte[]>(1),
        reader.GetString(2),
        reader.GetInt64(3),
        reader.IsDBNull(4) ? null : reader.GetInt64(4),
        reader.IsDBNull(5) ? null : reader.GetInt64(5),
        reader.GetString(6),
        reader.IsDBNull(7) ? null : reader.GetInt64(7),
        reader.GetInt64(8));

    internal static void Bind(NpgsqlCommand command, SecondFactorRow row)
    {
        command.Parameters.Add(new NpgsqlParameter<byte[]>("totp_secret", NpgsqlDbType.Bytea) { TypedValue = row.TotpSecret });
        command.Parameters.AddWithValue("totp_state", row.TotpState);
        command.Parameters.AddWithValue("enrolled_at", row.EnrolledAt);
        command.Parameters.Add(new NpgsqlParameter<long?>("activated_at", NpgsqlDbType.Bigint) { TypedValue = row.ActivatedAt });
        command.Parameters.Add(new NpgsqlParameter<long?>("last_step", NpgsqlDbType.Bigint) { TypedValue = row.LastStep });
        command.Parameters.AddWithValue("recovery_codes", row.RecoveryCodes);
        command.Parameters.Add(new NpgsqlParameter<long?>("expires_at", NpgsqlDbType.Bigint) { TypedValue = row.ExpiresAt });
    }
}
