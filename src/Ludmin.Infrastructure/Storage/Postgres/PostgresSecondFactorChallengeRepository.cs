using Ludmin.Domain.Common;
using Ludmin.Domain.SecondFactors;
using Ludmin.Domain.Users;
using Ludmin.Infrastructure.Observability;
using Ludmin.Infrastructure.Storage.Sqlite;
using Npgsql;

namespace Ludmin.Infrastructure.Storage.Postgres;

/// <summary>The open second steps of logins, one row each, keyed by the second-factor token's jti.</summary>
internal sealed class PostgresSecondFactorChallengeRepository(PostgresDatabase database) : ISecondFactorChallengeRepository
{
    public Task AddAsync(SecondFactorChallenge challenge, CancellationToken cancellationToken) =>
        database.WriteAsync(StoreCalls.SecondFactorChallenges, async (connection, transaction, token) =>
        {
            await using var command = new NpgsqlCommand(SqlStatements.InsertSecondFactorChallenge, connection, transaction);
            command.Parameters.AddWithValue("id", challenge.Id);
            command.Parameters.AddWithValue("user_id", challenge.UserId.Value);
            command.Parameters.AddWithValue("device_id", challenge.DeviceId.Value);
            command.Parameters.AddWithValue("description", challenge.Description.Value);
            command.Parameters.AddWithValue("expires_at", UnixTime.ToMilliseconds(challenge.ExpiresAt));
            try
            {
                return await command.ExecuteNonQueryAsync(token);
            }
            catch (PostgresException ex) when (PostgresErrors.IsForeignKeyViolation(ex))
            {
                // Closed since the password was checked: it answers as an unknown address would.
                throw new DomainException(Errors.InvalidCredentials);
            }
        }, cancellationToken);

    public Task<SecondFactorChallenge?> FindAsync(string id, CancellationToken cancellationToken) =>
        database.ReadAsync(StoreCalls.SecondFactorChallenges, async (connection, token) =>
        {
            await using var command = new NpgsqlCommand(SqlStatements.SelectChallenge, connection);
            command.Parameters.AddWithValue("id", id);
            await using var reader = await command.ExecuteReaderAsync(token);
            return await reader.ReadAsync(token)
                ? new SecondFactorChallenge(
                    reader.GetString(0),
                    UserId.Parse(reader.GetString(1)),
                    DeviceId.Parse(reader.GetString(2)),
                    DeviceDescription.Create(reader.GetString(3)),
                    reader.GetInt32(4),
                    UnixTime.FromMilliseconds(reader.GetInt64(5)))
                : null;
        }, cancellationToken);

    public Task<bool> RecordFailureAsync(string id, CancellationToken cancellationToken) =>
        database.WriteAsync(StoreCalls.SecondFactorChallenges, async (connection, transaction, token) =>
        {
            var spent = 0;
            foreach (var sql in SqlStatements.CountChallengeFailure)
            {
                await using var command = new NpgsqlCommand(sql, connection, transaction);
                command.Parameters.AddWithValue("id", id);
                command.Parameters.AddWithValue("max_failures", SecondFactorChallenge.MaxFailures);
                spent = await command.ExecuteNonQueryAsync(token);
            }

            return spent == 1;
        }, cancellationToken);

    public Task<bool> TryConsumeAsync(string id, CancellationToken cancellationToken) =>
        database.WriteAsync(StoreCalls.SecondFactorChallenges, async (connection, transaction, token) =>
        {
            await using var command = new NpgsqlCommand(SqlStatements.ConsumeChallenge, connection, transaction);
            command.Parameters.AddWithValue("id", id);
            command.Parameters.AddWithValue("max_failures", SecondFactorChallenge.MaxFailures);
            return await command.ExecuteNonQueryAsync(token) == 1;
        }, cancellationToken);

    public Task<int> DeleteExpiredAsync(DateTimeOffset now, CancellationToken cancellationToken) =>
        database.WriteAsync(StoreCalls.SecondFactorChallenges, async (connection, transaction, token) =>
        {
            await using var command = new NpgsqlCommand(SqlStatements.DeleteExpiredSecondFactorChallenges, connection, transaction);
            command.Parameters.AddWithValue("now", UnixTime.ToMilliseconds(now));
            return await command.ExecuteNonQueryAsync(token);
        }, cancellationToken);
}
