using Ludmin.Domain.Common;
using Ludmin.Domain.LoginThrottles;
using Ludmin.Infrastructure.Observability;
using Microsoft.Data.Sqlite;

namespace Ludmin.Infrastructure.Storage.Sqlite;

/// <summary>Failed-login counts, one row per normalized address; version 0 means "not stored yet".</summary>
internal sealed class SqliteLoginThrottleRepository(SqliteDatabase database) : ILoginThrottleRepository
{
    public Task<LoginThrottle?> FindAsync(string key, CancellationToken cancellationToken) =>
        database.ReadAsync(StoreCalls.LoginThrottles, connection => Read(connection, transaction: null, key), cancellationToken);

    public Task SaveAsync(LoginThrottle throttle, CancellationToken cancellationToken) =>
        database.WriteAsync(StoreCalls.LoginThrottles, (connection, transaction) => Write(connection, transaction, throttle), cancellationToken);

    /// <summary>
    /// The read, the domain's rule and the write run in one writer transaction, which SQLite
    /// began with its write lock taken (<c>BEGIN IMMEDIATE</c>): no other failure, from this
    /// process or another, lands between them, so the version check cannot fail.
    /// </summary>
    public Task RecordFailureAsync(string key, DateTimeOffset now, LoginThrottlePolicy policy, CancellationToken cancellationToken) =>
        database.WriteAsync(StoreCalls.LoginThrottles, (connection, transaction) =>
        {
            var throttle = Read(connection, transaction, key) ?? LoginThrottle.Start(key);
            throttle.RecordFailure(now, policy);
            return Write(connection, transaction, throttle);
        }, cancellationToken);

    private static LoginThrottle? Read(SqliteConnection connection, SqliteTransaction? transaction, string key)
    {
        using var command = connection.CreateCommand();
        command.Transaction = transaction;
        command.CommandText = "SELECT failures, last_failure_at, blocked_until, expires_at, version FROM login_throttles WHERE key = $key";
        command.Parameters.AddWithValue("$key", key);
        using var reader = command.ExecuteReader();
        return reader.Read()
            ? LoginThrottle.Restore(
                key,
                reader.GetInt32(0),
                UnixTime.FromMilliseconds(reader.GetInt64(1)),
                UnixTime.FromMilliseconds(reader.GetInt64(2)),
                UnixTime.FromMilliseconds(reader.GetInt64(3)),
                reader.GetInt64(4))
            : null;
    }

    private static int Write(SqliteConnection connection, SqliteTransaction transaction, LoginThrottle throttle)
    {
        using var command = connection.CreateCommand();
        command.Transaction = transaction;
        command.CommandText = throttle.Version == 0
            ? """
              INSERT INTO login_throttles (key, failures, last_failure_at, blocked_until, expires_at, version)
              VALUES ($key, $failures, $last_failure_at, $blocked_until, $expires_at, 1)
              ON CONFLICT (key) DO NOTHING
              """
            : """
              UPDATE login_throttles
                 SET failures = $failures, last_failure_at = $last_failure_at, blocked_until = $blocked_until,
                     expires_at = $expires_at, version = version + 1
               WHERE key = $key AND version = $version
              """;
        command.Parameters.AddWithValue("$key", throttle.Key);
        command.Parameters.AddWithValue("$failures", throttle.Failures);
        command.Parameters.AddWithValue("$last_failure_at", UnixTime.ToMilliseconds(throttle.LastFailureAt));
        command.Parameters.AddWithValue("$blocked_until", UnixTime.ToMilliseconds(throttle.BlockedUntil));
        command.Parameters.AddWithValue("$expires_at", UnixTime.ToMilliseconds(throttle.ExpiresAt));
        command.Parameters.AddWithValue("$version", throttle.Version);
        return command.ExecuteNonQuery() == 1 ? 0 : throw new ConcurrencyException("login throttle", throttle.Key);
    }

    public Task DeleteAsync(string key, CancellationToken cancellationToken) =>
        database.WriteAsync(StoreCalls.LoginThrottles, (connection, transaction) => Execute(connection, transaction, "DELETE FROM login_throttles WHERE key = $value", key), cancellationToken);

    public Task<int> DeleteExpiredAsync(DateTimeOffset now, CancellationToken cancellationToken) =>
        database.WriteAsync(
            StoreCalls.LoginThrottles,
            (connection, transaction) => Execute(connection, transaction, "DELETE FROM login_throttles WHERE expires_at <= $value", UnixTime.ToMilliseconds(now)),
            cancellationToken);

    private static int Execute(SqliteConnection connection, SqliteTransaction transaction, string sql, object value)
    {
        using var command = connection.CreateCommand();
        command.Transaction = transaction;
        command.CommandText = sql;
        command.Parameters.AddWithValue("$value", value);
        return command.ExecuteNonQuery();
    }
}
