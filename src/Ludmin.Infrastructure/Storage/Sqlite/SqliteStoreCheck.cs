using System.Globalization;
using Ludmin.Infrastructure.Storage.Checking;
using Microsoft.Data.Sqlite;

namespace Ludmin.Infrastructure.Storage.Sqlite;

/// <summary>
/// check-store on the embedded file: the schema version against the migrations this build has,
/// the file's integrity, WAL mode, and a canary row written, read back and deleted. It opens the
/// file itself, without migrating it, and never creates one.
/// </summary>
internal sealed class SqliteStoreCheck(string path, TimeProvider clock)
{
    private const string Canary = "check-store canary ";

    public Task<StoreCheckReport> RunAsync(CancellationToken cancellationToken) =>
        Task.Factory.StartNew(Run, cancellationToken, TaskCreationOptions.LongRunning, TaskScheduler.Default);

    private StoreCheckReport Run()
    {
        var store = $"SQLite file {path}";
        if (!File.Exists(path))
        {
            throw new InvalidOperationException($"There is no SQLite database at {path} (Ludmin:Storage:Sqlite:Path, under Ludmin:DataDirectory).");
        }

        using var connection = new SqliteConnection(new SqliteConnectionStringBuilder
        {
            DataSource = path,
            Mode = SqliteOpenMode.ReadWrite,
            Pooling = false,
        }.ToString());
        try
        {
            connection.Open();
            Scalar(connection, "PRAGMA busy_timeout = 5000;");
        }
        catch (SqliteException ex)
        {
            throw new InvalidOperationException($"The SQLite database at {path} cannot be opened: {ex.Message}");
        }

        return new StoreCheckReport(store, [SchemaVersion(connection), Integrity(connection), JournalMode(connection), CanaryRoundTrip(connection)]);
    }

    private static StoreCheckItem SchemaVersion(SqliteConnection connection)
    {
        const string subject = "schema version";
        var version = SqliteSchema.CurrentVersion(connection);
        return version == SqliteSchema.Latest
            ? StoreCheckItem.Ok(subject, $"{version}, the latest this build knows")
            : version < SqliteSchema.Latest
                ? StoreCheckItem.Failed(subject, $"{version}, older than this build's {SqliteSchema.Latest}: the API migrates it on its next start")
                : StoreCheckItem.Failed(subject, $"{version}, newer than this build's {SqliteSchema.Latest}: the file belongs to a newer Ludmin");
    }

    private static StoreCheckItem Integrity(SqliteConnection connection)
    {
        const string subject = "integrity";
        var problems = new List<string>();
        using (var command = connection.CreateCommand())
        {
            command.CommandText = "PRAGMA integrity_check;";
            using var reader = command.ExecuteReader();
            while (reader.Read())
            {
                problems.Add(reader.GetString(0));
            }
        }

        return problems is ["ok"]
            ? StoreCheckItem.Ok(subject, "PRAGMA integrity_check: ok")
            : StoreCheckItem.Failed(subject, $"PRAGMA integrity_check found {problems.Count} problem(s), the first: {problems.FirstOrDefault()}. Restore from a backup");
    }

    private static StoreCheckItem JournalMode(SqliteConnection connection)
    {
        const string subject = "journal mode";
        var mode = Convert.ToString(Scalar(connection, "PRAGMA journal_mode;"), CultureInfo.InvariantCulture);
        return string.Equals(mode, "wal", StringComparison.OrdinalIgnoreCase)
            ? StoreCheckItem.Ok(subject, "WAL (reads beside the writer)")
            : StoreCheckItem.Failed(subject, $"{mode}, not WAL: readers would wait for every write");
    }

    /// <summary>A throttle row under a key no address can be, committed, read back and deleted.</summary>
    private StoreCheckItem CanaryRoundTrip(SqliteConnection connection)
    {
        const string subject = "canary round trip";
        var key = Canary + Guid.NewGuid().ToString("N");
        var now = UnixTime.ToMilliseconds(clock.GetUtcNow());
        try
        {
            using (var transaction = connection.BeginTransaction(deferred: false))
            {
                using var insert = connection.CreateCommand();
                insert.Transaction = transaction;
                insert.CommandText = """
                    INSERT INTO login_throttles (key, failures, last_failure_at, blocked_until, expires_at, version)
                    VALUES ($key, 0, $now, $now, $now, 1)
                    """;
                insert.Parameters.AddWithValue("$key", key);
                insert.Parameters.AddWithValue("$now", now);
                insert.ExecuteNonQuery();
                transaction.Commit();
            }

            using (var read = connection.CreateCommand())
            {
                read.CommandText = "SELECT count(*) FROM login_throttles WHERE key = $key";
                read.Parameters.AddWithValue("$key", key);
                if ((long)read.ExecuteScalar()! != 1)
                {
                    return StoreCheckItem.Failed(subject, "the canary row was committed but not read back");
                }
            }

            using (var delete = connection.CreateCommand())
            {
                delete.CommandText = "DELETE FROM login_throttles WHERE key = $key";
                delete.Parameters.AddWithValue("$key", key);
                delete.ExecuteNonQuery();
            }

            return StoreCheckItem.Ok(subject, "a row written (committed), read back and deleted");
        }
        catch (SqliteException ex)
        {
            return StoreCheckItem.Failed(subject, $"the canary write failed: {ex.Message}");
        }
    }

    private static object? Scalar(SqliteConnection connection, string sql)
    {
        using var command = connection.CreateCommand();
        command.CommandText = sql;
        return command.ExecuteScalar();
    }
}
