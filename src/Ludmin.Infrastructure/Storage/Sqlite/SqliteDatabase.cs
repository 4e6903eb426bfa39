using Ludmin.Infrastructure.Threading;
using Microsoft.Data.Sqlite;

namespace Ludmin.Infrastructure.Storage.Sqlite;

/// <summary>
/// The embedded database. SQLite calls block (its async methods are synchronous underneath),
/// so they run on threads of our own: one writer, which is all SQLite allows at a time anyway,
/// and a few readers that WAL lets read alongside it. Request threads only await.
/// </summary>
internal sealed class SqliteDatabase : IStoreInitializer, IDisposable
{
    private readonly string _path;
    private readonly int _readerThreads;
    private readonly Lazy<Task> _start;
    private DedicatedWorkerPool<SqliteConnection>? _writer;
    private DedicatedWorkerPool<SqliteConnection>? _readers;

    public SqliteDatabase(string path, int readerThreads)
    {
        _path = System.IO.Path.GetFullPath(path);
        _readerThreads = Math.Max(1, readerThreads);
        _start = new Lazy<Task>(() => Task.Factory.StartNew(Start, CancellationToken.None, TaskCreationOptions.LongRunning, TaskScheduler.Default));
    }

    public string Path => _path;

    public Task InitializeAsync(CancellationToken cancellationToken) => _start.Value.WaitAsync(cancellationToken);

    public async Task<T> ReadAsync<T>(Func<SqliteConnection, T> work, CancellationToken cancellationToken)
    {
        await _start.Value;
        return await _readers!.Run(work, cancellationToken);
    }

    /// <summary>Runs <paramref name="work"/> inside one immediate transaction, committed when it returns.</summary>
    public async Task<T> WriteAsync<T>(Func<SqliteConnection, SqliteTransaction, T> work, CancellationToken cancellationToken)
    {
        await _start.Value;
        return await _writer!.Run(connection =>
        {
            using var transaction = connection.BeginTransaction(deferred: false);
            var result = work(connection, transaction);
            transaction.Commit();
            return result;
        }, cancellationToken);
    }

    public void Dispose()
    {
        _readers?.Dispose();
        _writer?.Dispose();
    }

    private void Start()
    {
        var directory = System.IO.Path.GetDirectoryName(_path);
        if (!string.IsNullOrEmpty(directory))
        {
            Directory.CreateDirectory(directory);
        }

        _writer = new DedicatedWorkerPool<SqliteConnection>("sqlite-writer", 1, null, () => Open(SqliteOpenMode.ReadWriteCreate), Close);
        _writer.Run(connection =>
        {
            SqliteSchema.Migrate(connection);
            return 0;
        }, CancellationToken.None).GetAwaiter().GetResult();
        _readers = new DedicatedWorkerPool<SqliteConnection>("sqlite-reader", _readerThreads, null, () => Open(SqliteOpenMode.ReadOnly), Close);
    }

    private SqliteConnection Open(SqliteOpenMode mode)
    {
        var connection = new SqliteConnection(new SqliteConnectionStringBuilder
        {
            DataSource = _path,
            Mode = mode,
            Cache = SqliteCacheMode.Private,
            Pooling = false,
            ForeignKeys = true,
        }.ToString());
        connection.Open();
        using var command = connection.CreateCommand();

        // WAL lets readers run beside the writer; synchronous=FULL makes a commit durable
        // before it is acknowledged; the busy timeout covers another process (the CLI) writing.
        command.CommandText = mode == SqliteOpenMode.ReadOnly
            ? "PRAGMA busy_timeout = 5000;"
            : "PRAGMA journal_mode = WAL; PRAGMA synchronous = FULL; PRAGMA busy_timeout = 5000;";
        command.ExecuteNonQuery();
        return connection;
    }

    private static void Close(SqliteConnection connection) => connection.Dispose();
}
