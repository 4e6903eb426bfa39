using Ludmin.Infrastructure.Storage.Checking;
using Npgsql;

namespace Ludmin.Infrastructure.Storage.Postgres;

/// <summary>
/// check-store on PostgreSQL: the server's version, whether it is the primary, its synchronous
/// replication settings, the schema version against this build's migrations, and a canary row
/// written, read back and deleted. It does not migrate.
/// </summary>
internal sealed class PostgresStoreCheck(PostgresDatabase database, TimeProvider clock)
{
    /// <summary>The oldest server Ludmin is tested against here is Debian's 15; older ones are not refused, only warned about.</summary>
    public const int TestedMajorVersion = 15;

    private const string Canary = "check-store canary ";

    public async Task<StoreCheckReport> RunAsync(CancellationToken cancellationToken)
    {
        NpgsqlConnection connection;
        try
        {
            connection = await database.OpenConnectionAsync(cancellationToken);
        }
        catch (Exception ex) when (PostgresErrors.IsUnavailable(ex))
        {
            throw new InvalidOperationException($"{database.Describe} cannot be reached: {PostgresErrors.Describe(ex)}.");
        }

        await using (connection)
        {
            return new StoreCheckReport(database.Describe, [
                await ServerVersionAsync(connection, cancellationToken),
                await RoleAsync(connection, cancellationToken),
                await ReplicationAsync(connection, cancellationToken),
                await SchemaVersionAsync(connection, cancellationToken),
                await CanaryRoundTripAsync(connection, cancellationToken),
            ]);
        }
    }

    private static async Task<StoreCheckItem> ServerVersionAsync(NpgsqlConnection connection, CancellationToken cancellationToken)
    {
        const string subject = "server version";
        var number = Convert.ToInt32(await ScalarAsync(connection, "SHOW server_version_num", cancellationToken), System.Globalization.CultureInfo.InvariantCulture);
        var version = connection.PostgreSqlVersion;
        return number / 10000 >= TestedMajorVersion
            ? StoreCheckItem.Ok(subject, $"PostgreSQL {version}")
            : StoreCheckItem.Warning(subject, $"PostgreSQL {version}, older than {TestedMajorVersion}, the oldest Ludmin is tested against");
    }

    private static async Task<StoreCheckItem> RoleAsync(NpgsqlConnection connection, CancellationToken cancellationToken)
    {
        const string subject = "role";
        var standby = (bool)(await ScalarAsync(connection, "SELECT pg_is_in_recovery()", cancellationToken))!;
        var readOnly = (string?)await ScalarAsync(connection, "SHOW default_transaction_read_only", cancellationToken);
        return standby
            ? StoreCheckItem.Failed(subject, "a standby (in recovery): writes are refused; name the primary, or several hosts with Target Session Attributes=primary")
            : readOnly == "on"
                ? StoreCheckItem.Failed(subject, "the primary, but default_transaction_read_only is on: writes are refused")
                : StoreCheckItem.Ok(subject, "the primary, taking writes");
    }

    private static async Task<StoreCheckItem> ReplicationAsync(NpgsqlConnection connection, CancellationToken cancellationToken)
    {
        const string subject = "synchronous replication";
        var names = (string?)await ScalarAsync(connection, "SHOW synchronous_standby_names", cancellationToken) ?? "";
        var commit = (string?)await ScalarAsync(connection, "SHOW synchronous_commit", cancellationToken);
        var streaming = (long)(await ScalarAsync(connection, "SELECT count(*) FROM pg_stat_replication WHERE state = 'streaming'", cancellationToken))!;
        var detail = $"synchronous_standby_names '{names}', synchronous_commit {commit}, {streaming} standby(s) streaming";
        if (string.IsNullOrEmpty(names))
        {
            return StoreCheckItem.Warning(subject, $"{detail}: a commit is acknowledged before any standby has it, so a failover can lose the last acknowledged writes");
        }

        return streaming == 0
            ? StoreCheckItem.Failed(subject, $"{detail}: commits wait for a standby that is not connected")
            : StoreCheckItem.Ok(subject, detail);
    }

    private static async Task<StoreCheckItem> SchemaVersionAsync(NpgsqlConnection connection, CancellationToken cancellationToken)
    {
        const string subject = "schema version";
        var version = await PostgresSchema.CurrentVersionAsync(connection, null, cancellationToken);
        return version switch
        {
            null => StoreCheckItem.Failed(subject, "none: no Ludmin has started on this database; the API migrates it on its first start"),
            var v when v == PostgresSchema.Latest => StoreCheckItem.Ok(subject, $"{v}, the latest this build knows"),
            var v when v < PostgresSchema.Latest => StoreCheckItem.Failed(subject, $"{v}, older than this build's {PostgresSchema.Latest}: the API migrates it on its next start"),
            var v => StoreCheckItem.Failed(subject, $"{v}, newer than this build's {PostgresSchema.Latest}: the database belongs to a newer Ludmin"),
        };
    }

    /// <summary>A throttle row under a key no address can be, committed, read back and deleted.</summary>
    private async Task<StoreCheckItem> CanaryRoundTripAsync(NpgsqlConnection connection, CancellationToken cancellationToken)
    {
        const string subject = "canary round trip";
        var key = Canary + Guid.NewGuid().ToString("N");
        try
        {
            await using (var insert = new NpgsqlCommand(SqlStatements.InsertThrottle, connection))
            {
                var now = clock.GetUtcNow().ToUnixTimeMilliseconds();
                insert.Parameters.AddWithValue("key", key);
                insert.Parameters.AddWithValue("failures", 0);
                insert.Parameters.AddWithValue("last_failure_at", now);
                insert.Parameters.AddWithValue("blocked_until", now);
                insert.Parameters.AddWithValue("expires_at", now);
                await insert.ExecuteNonQueryAsync(cancellationToken);
            }

            await using (var read = new NpgsqlCommand("SELECT count(*) FROM login_throttles WHERE key = @key", connection))
            {
                read.Parameters.AddWithValue("key", key);
                if ((long)(await read.ExecuteScalarAsync(cancellationToken))! != 1)
                {
                    return StoreCheckItem.Failed(subject, "the canary row was committed but not read back");
                }
            }

            await using (var delete = new NpgsqlCommand(SqlStatements.DeleteThrottle, connection))
            {
                delete.Parameters.AddWithValue("key", key);
                await delete.ExecuteNonQueryAsync(cancellationToken);
            }

            return StoreCheckItem.Ok(subject, "a row written (committed), read back and deleted");
        }
        catch (Exception ex) when (ex is PostgresException || PostgresErrors.IsUnavailable(ex))
        {
            return StoreCheckItem.Failed(subject, $"the canary write failed: {PostgresErrors.Describe(ex)}");
        }
    }

    private static async Task<object?> ScalarAsync(NpgsqlConnection connection, string sql, CancellationToken cancellationToken)
    {
        await using var command = new NpgsqlCommand(sql, connection);
        return await command.ExecuteScalarAsync(cancellationToken);
    }
}
