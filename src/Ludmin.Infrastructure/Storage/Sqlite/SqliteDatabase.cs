using System.Globalization;
using System.Runtime.CompilerServices;
using Ludmin.Domain.Common;
using Ludmin.Infrastructure.Observability;
using Ludmin.Infrastructure.Threading;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace Ludmin.Infrastructure.Storage.Sqlite;

/// <summary>
/// The embedded database. SQLite calls block (its async methods are synchronous underneath),
/// so they run on threads of our own: one writer, which is all SQLite allows at a time anyway,
/// and a few readers that WAL lets read alongside it. Request threads only await.
/// Every failure of the store itself (full disk, I/O error, unwritable or missing file, busy
/// timeout, and the faults SQLite cannot see: the file deleted or replaced under it, an immutable
/// -shm) leaves here as one <see cref="Errors.StoreUnavailable"/>, logged once with its cause.
/// A repository's reads and writes name their repository and are measured here
/// (<see cref="StoreCalls"/>); the other callers (health, copy, counts) are not.
/// </summary>
internal sealed class SqliteDatabase : IStoreInitializer, IDisposable
{
    private readonly string _path;
    private readonly string _sharedMemoryPath;
    private readonly int _readerThreads;
    private readonly SqliteFaultLog _faults;
    private readonly ILogger _logger;
    private readonly bool _folderIsLudmins;
    private readonly StoreCalls _calls;
    private readonly Lazy<Task> _start;
    private DedicatedWorkerPool<SqliteConnection>? _writer;
    private DedicatedWorkerPool<SqliteConnection>? _readers;
    private FileIdentityAndAttributes? _opened;
    private volatile string? _lost;

    /// <param name="folderIsLudmins">
    /// Whether the file's folder is Ludmin's own (its data folder, or inside it), whose mode Ludmin
    /// may tighten; a folder elsewhere is the operator's (<see cref="SqliteFileModes"/>).
    /// </param>
    public SqliteDatabase(
        string path, int readerThreads, ILogger<SqliteDatabase>? logger = null, TimeProvider? clock = null, StoreCalls? calls = null, bool folderIsLudmins = true)
    {
        _calls = calls ?? StoreCalls.Unmeasured;
        _path = System.IO.Path.GetFullPath(path);
        _sharedMemoryPath = _path + "-shm";
        _readerThreads = Math.Max(1, readerThreads);
        _logger = logger ?? NullLogger<SqliteDatabase>.Instance;
        _folderIsLudmins = folderIsLudmins;
        _faults = new SqliteFaultLog(_logger, clock ?? TimeProvider.System);
        _start = new Lazy<Task>(() => Task.Factory.StartNew(Start, CancellationToken.None, TaskCreationOptions.LongRunning, TaskScheduler.Default));
    }

    public string Path => _path;

    /// <summary>How many store operations have failed since the start (see <see cref="SqliteFaultLog.Failures"/>).</summary>
    public long Failures => _faults.Failures;

    private string Name => System.IO.Path.GetFileName(_path);

    /// <summary>The folder that holds the file and its -wal and -shm.</summary>
    public string Folder => System.IO.Path.GetDirectoryName(_path)!;

    public Task InitializeAsync(CancellationToken cancellationToken) => _start.Value.WaitAsync(cancellationToken);

    /// <summary>A read of a repository, measured as the operation <paramref name="operation"/> (the calling method) of <paramref name="repository"/>.</summary>
    public Task<T> ReadAsync<T>(string repository, Func<SqliteConnection, T> work, CancellationToken cancellationToken, [CallerMemberName] string operation = "") =>
        _calls.MeasureAsync(repository, operation, () => ReadAsync(work, cancellationToken));

    /// <summary>A write of a repository, measured as the operation <paramref name="operation"/> (the calling method) of <paramref name="repository"/>.</summary>
    public Task<T> WriteAsync<T>(string repository, Func<SqliteConnection, SqliteTransaction, T> work, CancellationToken cancellationToken, [CallerMemberName] string operation = "") =>
        _calls.MeasureAsync(repository, operation, () => WriteAsync(work, cancellationToken));

    /// <summary>A repository operation that does not reach the file (a touch kept in the last-used buffer), measured like those that do.</summary>
    public Task Measured(string repository, Action work, [CallerMemberName] string operation = "") =>
        _calls.MeasureAsync(repository, operation, () =>
        {
            work();
            return Task.FromResult(0);
        });

    public async Task<T> ReadAsync<T>(Func<SqliteConnection, T> work, CancellationToken cancellationToken)
    {
        await _start.Value;
        return await Translate(_readers!.Run(connection =>
        {
            RefuseWhenUnsafe();
            return work(connection);
        }, cancellationToken), write: false);
    }

    /// <summary>Runs <paramref name="work"/> inside one immediate transaction, committed when it returns.</summary>
    public async Task<T> WriteAsync<T>(Func<SqliteConnection, SqliteTransaction, T> work, CancellationToken cancellationToken)
    {
        await _start.Value;
        return await Translate(_writer!.Run(connection =>
        {
            RefuseWhenUnsafe();
            T result;
            using (var transaction = connection.BeginTransaction(deferred: false))
            {
                result = work(connection, transaction);
                transaction.Commit();
            }

            // A commit into a file that was deleted or replaced under us reached a disk nobody will
            // read again: it must not be acknowledged (checked after the commit, so no deletion
            // between a check and the commit can slip through).
            RefuseWhenNotTheOpenedFile();
            return result;
        }, cancellationToken), write: true);
    }

    /// <summary>
    /// What readiness needs, beyond free space: the file is still the one opened, the -shm can be
    /// written, and a tiny write (one row rewritten, committed with synchronous=FULL) reaches the
    /// disk. Null when all hold, else the reason, as operators should read it.
    /// </summary>
    public async Task<string?> ProbeAsync(CancellationToken cancellationToken)
    {
        try
        {
            await WriteAsync((connection, transaction) =>
            {
                RefuseWhenNotTheOpenedFile();
                using var command = connection.CreateCommand();
                command.Transaction = transaction;

                // The same row, rewritten as it was: a real page write and fsync, and no change a
                // snapshot of the data could see.
                command.CommandText = "INSERT OR REPLACE INTO health_probe (id) VALUES (1);";
                command.ExecuteNonQuery();
                return 0;
            }, cancellationToken);
            return null;
        }
        catch (SqliteUnavailableException ex)
        {
            return ex.Reason;
        }
    }

    public void Dispose()
    {
        _readers?.Dispose();
        _writer?.Dispose();
    }

    private async Task<T> Translate<T>(Task<T> operation, bool write)
    {
        try
        {
            var result = await operation;

            // Reads go on working while writes fail (a full disk): only a write shows recovery.
            if (write)
            {
                _faults.Succeeded();
            }

            return result;
        }
        catch (SqliteException ex) when (SqliteErrors.IsUnavailable(ex))
        {
            var cause = SqliteErrors.Describe(ex);
            _faults.Failed($"{cause}; database {_path}", ex, SqliteErrors.IsDamage(ex));
            throw new SqliteUnavailableException(cause);
        }
        catch (SqliteFileFault ex)
        {
            // Until this process ends, the deleted file is still readable through its descriptor.
            var rescue = _lost is null ? "" : $"; until this process stops, the open file can still be copied from /proc/{Environment.ProcessId}/fd";
            _faults.Failed($"{ex.Message}; database {_path}{rescue}", null, critical: true);
            throw new SqliteUnavailableException(ex.Message);
        }
    }

    private void RefuseWhenUnsafe()
    {
        if (_lost is { } lost)
        {
            throw new SqliteFileFault(lost);
        }

        // SQLite keeps the -shm mapped; once the file is immutable or append-only, the next store
        // into the mapping kills the process with SIGBUS, which nothing in .NET can catch. One
        // statx per operation (no open: that would drop SQLite's locks) refuses it beforehand.
        if (UnixFiles.Stat(_sharedMemoryPath, out _) is { } shm && (shm.Immutable || shm.AppendOnly))
        {
            throw new SqliteFileFault(
                $"{System.IO.Path.GetFileName(_sharedMemoryPath)} was made immutable or append-only (see lsattr); SQLite would crash writing it. Remove the attribute (chattr -i -a) and the store serves again");
        }
    }

    private void RefuseWhenNotTheOpenedFile()
    {
        if (_lost is { } lost)
        {
            throw new SqliteFileFault(lost);
        }

        var now = UnixFiles.Stat(_path, out var missing);
        var reason = missing
            ? $"the database file {Name} was deleted while Ludmin had it open"
            : now is { } facts && _opened is { } opened && !facts.SameFileAs(opened)
                ? $"the database file {Name} was replaced by another file while Ludmin had it open"
                : null;
        if (reason is null)
        {
            return;
        }

        // Sticky: what the open file holds is no longer what the path holds, and no later write
        // may pretend otherwise.
        _lost = $"{reason}; every request is refused until the file is restored and Ludmin restarted";
        throw new SqliteFileFault(_lost);
    }

    private void Start()
    {
        SqliteFileModes.PrepareFolder(Folder, _folderIsLudmins, _logger);
        RefuseUnwritableFiles();
        SqliteFileModes.PrepareFiles(_path, _logger);

        _writer = new DedicatedWorkerPool<SqliteConnection>("sqlite-writer", 1, null, () => Open(SqliteOpenMode.ReadWriteCreate), Close);
        _writer.Run(connection =>
        {
            SqliteSchema.Migrate(connection);

            // Outside the numbered migrations: operational tables, in every file (the probe's row;
            // facts about the store itself, such as served_live_since, see ILiveStoreMarker).
            using var command = connection.CreateCommand();
            command.CommandText = """
                CREATE TABLE IF NOT EXISTS health_probe (id INTEGER NOT NULL PRIMARY KEY CHECK (id = 1)) STRICT;
                CREATE TABLE IF NOT EXISTS store_facts (name TEXT NOT NULL PRIMARY KEY, value TEXT NOT NULL) STRICT;
                """;
            command.ExecuteNonQuery();
            _opened = UnixFiles.Stat(_path, out _);

            // A -wal or -shm left from before, now open, with a looser mode than the database's.
            SqliteFileModes.TightenFiles(_path, _logger);
            return 0;
        }, CancellationToken.None).GetAwaiter().GetResult();
        _readers = new DedicatedWorkerPool<SqliteConnection>("sqlite-reader", _readerThreads, null, () => Open(SqliteOpenMode.ReadOnly), Close);
    }

    /// <summary>
    /// Refuses to start when SQLite could not write what it needs: it would open such a file
    /// read-only and fail every write, or, for an immutable -shm, die of SIGBUS on the first.
    /// </summary>
    private void RefuseUnwritableFiles()
    {
        foreach (var file in new[] { Folder, _path, _path + "-wal", _sharedMemoryPath })
        {
            var why = UnixFiles.WhyNotWritable(file);
            if (why is null && UnixFiles.Stat(file, out _) is { AppendOnly: true })
            {
                why = "it is append-only";
            }

            if (why is not null)
            {
                throw new InvalidOperationException(
                    $"The SQLite store cannot start: {file} cannot be written ({why}). SQLite must write the database file, "
                    + "its -wal and -shm files and their folder: fix the permissions, the file attributes (lsattr; chattr -i -a) or the mount.");
            }
        }
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
        var busyTimeout = "PRAGMA busy_timeout = " + ((long)StoreDeadline.SqliteBusyTimeout.TotalMilliseconds).ToString(CultureInfo.InvariantCulture) + ";";
        command.CommandText = mode == SqliteOpenMode.ReadOnly
            ? busyTimeout
            : "PRAGMA journal_mode = WAL; PRAGMA synchronous = FULL; " + busyTimeout;
        command.ExecuteNonQuery();
        return connection;
    }

    private static void Close(SqliteConnection connection) => connection.Dispose();
}
