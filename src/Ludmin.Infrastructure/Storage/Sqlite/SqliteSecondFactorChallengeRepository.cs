using Ludmin.Domain.Common;
using Ludmin.Domain.SecondFactors;
using Ludmin.Domain.Users;
using Ludmin.Infrastructure.Observability;
using Microsoft.Data.Sqlite;

namespace Ludmin.Infrastructure.Storage.Sqlite;

/// <summary>The open second steps of logins, one row each, keyed by the second-factor token's jti.</summary>
internal sealed class SqliteSecondFactorChallengeRepository(SqliteDatabase database) : ISecondFactorChallengeRepository
{
    public Task AddAsync(SecondFactorChallenge challenge, CancellationToken cancellationToken) =>
        database.WriteAsync(StoreCalls.SecondFactorChallenges, (connection, transaction) =>
        {
            using var command = Command(connection, transaction, SqlStatements.InsertSecondFactorChallenge, challenge.Id);
            command.Parameters.AddWithValue("@user_id", challenge.UserId.Value);
            command.Parameters.AddWithValue("@device_id", challenge.DeviceId.Value);
            command.Parameters.AddWithValue("@description", challenge.Description.Value);
            command.Parameters.AddWithValue("@expires_at", UnixTime.ToMilliseconds(challenge.ExpiresAt));
            try
            {
                return command.ExecuteNonQuery();
            }
            catch (SqliteException ex) when (SqliteErrors.IsForeignKeyViolation(ex))
            {
                // Closed since the password was checked: it answers as an unknown address would.
                throw new DomainException(Errors.InvalidCredentials);
            }
        }, cancellationToken);

    public Task<SecondFactorChallenge?> FindAsync(string id, CancellationToken cancellationToken) =>
        database.ReadAsync(StoreCalls.SecondFactorChallenges, connection =>
        {
            using var command = Command(connection, transaction: null, SqlStatements.SelectChallenge, id);
            using var reader = command.ExecuteReader();
            return reader.Read()
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
        database.WriteAsync(StoreCalls.SecondFactorChallenges, (connection, transaction) =>
        {
            var spent = 0;
            foreach (var sql in SqlStatements.CountChallengeFailure)
            {
                using var command = Command(connection, transaction, sql, id);
                command.Parameters.AddWithValue("@max_failures", SecondFactorChallenge.MaxFailures);
                spent = command.ExecuteNonQuery();
            }

            return spent == 1;
        }, cancellationToken);

    public Task<bool> TryConsumeAsync(string id, CancellationToken cancellationToken) =>
        database.WriteAsync(StoreCalls.SecondFactorChallenges, (connection, transaction) =>
        {
            using var command = Command(connection, transaction, SqlStatements.ConsumeChallenge, id);
            command.Parameters.AddWithValue("@max_failures", SecondFactorChallenge.MaxFailures);
            return command.ExecuteNonQuery() == 1;
        }, cancellationToken);

    public Task<int> DeleteExpiredAsync(DateTimeOffset now, CancellationToken cancellationToken) =>
        database.WriteAsync(StoreCalls.SecondFactorChallenges, (connection, transaction) =>
        {
            using var command = connection.CreateCommand();
            command.Transaction = transaction;
            command.CommandText = SqlStatements.DeleteExpiredSecondFactorChallenges;
            command.Parameters.AddWithValue("@now", UnixTime.ToMilliseconds(now));
            return command.ExecuteNonQuery();
        }, cancellationToken);

    private static SqliteCommand Command(SqliteConnection connection, SqliteTransaction? transaction, string sql, string id)
    {
        var command = connection.CreateCommand();
        command.Transaction = transaction;
        command.CommandText = sql;
        command.Parameters.AddWithValue("@id", id);
        return command;
    }
}
