using Ludmin.Domain.Common;
using Ludmin.Domain.LoginThrottles;
using Ludmin.Infrastructure.Observability;
using Ludmin.Infrastructure.Storage.Sqlite;
using Npgsql;

namespace Ludmin.Infrastructure.Storage.Postgres;

/// <summary>Failed-login counts, one row per normalized address; version 0 means "not stored yet". The writes are <see cref="SqlStatements"/>' own.</summary>
internal sealed class PostgresLoginThrottleRepository(PostgresDatabase database) : ILoginThrottleRepository
{
    public Task<LoginThrottle?> FindAsync(string key, CancellationToken cancellationToken) =>
        database.ReadAsync(StoreCalls.LoginThrottles, (connection, token) => ReadAsync(connection, null, key, forUpdate: false, token), cancellationToken);

    public Task SaveAsync(LoginThrottle throttle, CancellationToken cancellationToken) =>
        database.WriteAsync(StoreCalls.LoginThrottles, (connection, transaction, token) => WriteAsync(connection, transaction, throttle, token), cancellationToken);

    /// <summary>
    /// One transaction: the row made if missing, then read under its row lock, the domain's rule
    /// applied and written: failures racing for one address wait for each other, so none is lost
    /// and the version check cannot fail.
    /// </summary>
    public Task RecordFailureAsync(string key, DateTimeOffset now, LoginThrottlePolicy policy, CancellationToken cancellationToken) =>
        database.WriteAsync(StoreCalls.LoginThrottles, async (connection, transaction, token) =>
        {
            var throttle = await ReadAsync(connection, transaction, key, forUpdate: true, token) ?? LoginThrottle.Start(key);
            throttle.RecordFailure(now, policy);
            try
            {
                return await WriteAsync(connection, transaction, throttle, token);
            }
            catch (ConcurrencyException) when (throttle.Version == 0)
            {
                // Another first failure made the row since the read (the insert waited for it, then
                // did nothing): this one counts on top of it, under the row's lock.
                throttle = await ReadAsync(connection, transaction, key, forUpdate: true, token) ?? LoginThrottle.Start(key);
                throttle.RecordFailure(now, policy);
                return await WriteAsync(connection, transaction, throttle, token);
            }
        }, cancellationToken);

    public Task DeleteAsync(string key, CancellationToken cancellationToken) =>
        database.WriteAsync(StoreCalls.LoginThrottles, (connection, transaction, token) => ExecuteAsync(connection, transaction, SqlStatements.DeleteThrottle, "key", key, token), cancellationToken);

    public Task<int> DeleteExpiredAsync(DateTimeOffset now, CancellationToken cancellationToken) =>
        database.WriteAsync(
            StoreCalls.LoginThrottles,
            (connection, transaction, token) => ExecuteAsync(connection, transaction, SqlStatements.DeleteExpiredThrottles, "now", UnixTime.ToMilliseconds(now), token),
            cancellationToken);

    private static async Task<LoginThrottle?> ReadAsync(NpgsqlConnection connection, NpgsqlTransaction? transaction, string key, bool forUpdate, CancellationToken cancellationToken)
    {
        await using var command = new NpgsqlCommand(
            "SELECT failures, last_failure_at, blocked_until, expires_at, version FROM login_throttles WHERE key = @key" + (forUpdate ? " FOR UPDATE" : ""),
            connection,
            transaction);
        command.Parameters.AddWithValue("key", key);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        return await reader.ReadAsync(cancellationToken)
            ? LoginThrottle.Restore(
                key,
                reader.GetInt32(0),
                UnixTime.FromMilliseconds(reader.GetInt64(1)),
                UnixTime.FromMilliseconds(reader.GetInt64(2)),
                UnixTime.FromMilliseconds(reader.GetInt64(3)),
                reader.GetInt64(4))
            : null;
    }

    private static async Task<int> WriteAsync(NpgsqlConnection connection, NpgsqlTransaction transaction, LoginThrottle throttle, CancellationToken cancellationToken)
    {
        await using var command = new NpgsqlCommand(throttle.Version == 0 ? SqlStatements.InsertThrottle : SqlStatements.UpdateThrottle, connection, transaction);
        command.Parameters.AddWithValue("key", throttle.Key);
        command.Parameters.AddWithValue("failures", throttle.Failures);
        command.Parameters.AddWithValue("last_failure_at", UnixTime.ToMilliseconds(throttle.LastFailureAt));
        command.Parameters.AddWithValue("blocked_until", UnixTime.ToMilliseconds(throttle.BlockedUntil));
        command.Parameters.AddWithValue("expires_at", UnixTime.ToMilliseconds(throttle.ExpiresAt));
        command.Parameters.AddWithValue("version", throttle.Version);
        return await command.ExecuteNonQueryAsync(cancellationToken) == 1 ? 0 : throw new ConcurrencyException("login throttle", throttle.Key);
    }

    private static async Task<int> ExecuteAsync(NpgsqlConnection connection, NpgsqlTransaction transaction, string sql, string name, object value, CancellationToken cancellationToken)
    {
        await using var command = new NpgsqlCommand(sql, connection, transaction);
        command.Parameters.AddWithValue(name, value);
        return await command.ExecuteNonQueryAsync(cancellationToken);
    }
}
