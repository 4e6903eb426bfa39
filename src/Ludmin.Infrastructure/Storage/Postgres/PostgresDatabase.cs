using System.Runtime.CompilerServices;
using Ludmin.Domain.Common;
using Ludmin.Infrastructure.Observability;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Npgsql;

namespace Ludmin.Infrastructure.Storage.Postgres;

/// <summary>
/// The PostgreSQL server, through one Npgsql data source (a pool; with several hosts and
/// <c>Target Session Attributes=primary</c>, whichever host is the primary now). A write is one
/// transaction, committed before it returns: a commit that fails or goes unanswered is never
/// acknowledged. Every failure of the server itself (see <see cref="PostgresErrors.IsUnavailable"/>)
/// leaves here as one <see cref="Errors.StoreUnavailable"/>, logged when the store goes from
/// serving to failing; a lost race (serialization, deadlock) as a <see cref="ConcurrencyException"/>.
/// The schema is migrated on first use, and again on a later use if the server was down then, so
/// the start never waits on a server that is not there. A repository's calls name their
/// repository and are measured here (<see cref="StoreCalls"/>).
/// </summary>
internal sealed partial class PostgresDatabase : IStoreInitializer, IAsyncDisposable, IDisposable
{
    private readonly NpgsqlDataSource _source;
    private readonly StoreCalls _calls;
    private readonly ILogger _logger;
    private readonly TimeSpan _operationTimeout;
    private readonly Lock _gate = new();
    private Task? _migration;
    private long _failures;
    private int _failing;

    public PostgresDatabase(string connectionString, ILogger<PostgresDatabase>? logger = null, StoreCalls? calls = null, TimeSpan? operationTimeout = null)
    {
        _source = new NpgsqlDataSourceBuilder(connectionString).Build();
        _operationTimeout = operationTimeout ?? new PostgresStorageOptions().OperationTimeout;
        _calls = calls ?? StoreCalls.Unmeasured;
        _logger = logger ?? NullLogger<PostgresDatabase>.Instance;
        var builder = new NpgsqlConnectionStringBuilder(connectionString);
        Describe = $"PostgreSQL database '{builder.Database}' on {builder.Host}";
    }

    /// <summary>The database and hosts, as operators name them (never the password).</summary>
    public string Describe { get; }

    /// <summary>How many store operations have failed as unavailable since the start.</summary>
    public long Failures => Interlocked.Read(ref _failures);

    /// <summary>Migrates now if it can; a server out of reach is logged and left to readiness and the next call.</summary>
    public async Task InitializeAsync(CancellationToken cancellationToken)
    {
        try
        {
            await MigratedAsync(cancellationToken);
        }
        catch (PostgresUnavailableException ex)
        {
            LogStartDeferred(Describe, ex.Reason);
        }
    }

    public Task WaitUntilReadyAsync(CancellationToken cancellationToken) => MigratedAsync(cancellationToken);

    /// <summary>A read of a repository, measured as the operation <paramref name="operation"/> (the calling method) of <paramref name="repository"/>.</summary>
    public Task<T> ReadAsync<T>(string repository, Func<NpgsqlConnection, CancellationToken, Task<T>> work, CancellationToken cancellationToken, [CallerMemberName] string operation = "") =>
        _calls.MeasureAsync(repository, operation, () => ReadAsync(work, cancellationToken));

    /// <summary>A write of a repository, measured as the operation <paramref name="operation"/> (the calling method) of <paramref name="repository"/>.</summary>
    public Task<T> WriteAsync<T>(string repository, Func<NpgsqlConnection, NpgsqlTransaction, CancellationToken, Task<T>> work, CancellationToken cancellationToken, [CallerMemberName] string operation = "") =>
        _calls.MeasureAsync(repository, operation, () => WriteAsync(work, cancellationToken));

    public Task<T> ReadAsync<T>(Func<NpgsqlConnection, CancellationToken, Task<T>> work, CancellationToken callerToken) =>
        TranslateAsync(async cancellationToken =>
        {
            await MigratedAsync(cancellationToken);
            await using var connection = await _source.OpenConnectionAsync(cancellationToken);
            return await work(connection, cancellationToken);
        }, callerToken);

    /// <summary>Runs <paramref name="work"/> inside one transaction, committed when it returns; acknowledged only once the commit is.</summary>
    public Task<T> WriteAsync<T>(Func<NpgsqlConnection, NpgsqlTransaction, CancellationToken, Task<T>> work, CancellationToken callerToken) =>
        TranslateAsync(async cancellationToken =>
        {
            await MigratedAsync(cancellationToken);
            await using var connection = await _source.OpenConnectionAsync(cancellationToken);
            await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
            var result = await work(connection, transaction, cancellationToken);

            // A commit that fails (or whose answer is lost with the connection) throws here, so the
            // caller hears 503, never a success the server may not have kept.
            await transaction.CommitAsync(cancellationToken);

            // A cancel that reaches a commit waiting for its synchronous standby does not undo it:
            // the server keeps it locally, unreplicated, and answers success with a warning. Such a
            // commit would be lost with this server, so a commit the deadline (or the caller)
            // interrupted is never acknowledged, whatever the server answered.
            cancellationToken.ThrowIfCancellationRequested();
            return result;
        }, callerToken);

    /// <summary>
    /// What readiness needs: the schema in place and a commit accepted (one row rewritten), which
    /// a standby, a read-only primary or a server without its synchronous standby cannot give.
    /// Null when it holds, else the reason.
    /// </summary>
    public async Task<string?> ProbeAsync(CancellationToken cancellationToken)
    {
        try
        {
            await WriteAsync(async (connection, transaction, token) =>
            {
                await using var command = new NpgsqlCommand(
                    "INSERT INTO health_probe (id, probed_at) VALUES (1, now()) ON CONFLICT (id) DO UPDATE SET probed_at = excluded.probed_at",
                    connection,
                    transaction);
                return await command.ExecuteNonQueryAsync(token);
            }, cancellationToken);
            return null;
        }
        catch (PostgresUnavailableException ex)
        {
            return ex.Reason;
        }
    }

    /// <summary>A connection of the data source, for the tools that run their own statements (check-store).</summary>
    public ValueTask<NpgsqlConnection> OpenConnectionAsync(CancellationToken cancellationToken) => _source.OpenConnectionAsync(cancellationToken);

    public ValueTask DisposeAsync() => _source.DisposeAsync();

    public void Dispose() => _source.Dispose();

    private Task MigratedAsync(CancellationToken cancellationToken)
    {
        Task migration;
        lock (_gate)
        {
            if (_migration is null || _migration.IsFaulted || _migration.IsCanceled)
            {
                _migration = MigrateAsync();
            }

            migration = _migration;
        }

        return migration.IsCompletedSuccessfully ? Task.CompletedTask : TranslateAsync(async token =>
        {
            await migration.WaitAsync(token);
            return 0;
        }, cancellationToken);
    }

    private async Task MigrateAsync()
    {
        // Not the caller's token: a migration one request started finishes for all of them.
        await using var connection = await _source.OpenConnectionAsync(CancellationToken.None);
        await PostgresSchema.MigrateAsync(connection, CancellationToken.None);
    }

    /// <summary>
    /// Runs <paramref name="operation"/> within the store's deadline (<c>OperationTimeout</c>) and
    /// turns the server's failures, and the deadline passing, into one 503 cause; the caller's own
    /// cancellation (a client gone) stays a cancellation.
    /// </summary>
    private async Task<T> TranslateAsync<T>(Func<CancellationToken, Task<T>> operation, CancellationToken callerToken)
    {
        using var deadline = CancellationTokenSource.CreateLinkedTokenSource(callerToken);
        deadline.CancelAfter(_operationTimeout);
        try
        {
            var result = await operation(deadline.Token);
            if (Interlocked.Exchange(ref _failing, 0) == 1)
            {
                LogServingAgain(Describe);
            }

            return result;
        }
        catch (PostgresUnavailableException)
        {
            throw;
        }
        catch (Exception ex) when (PostgresErrors.IsLostRace(ex))
        {
            throw new ConcurrencyException("row", "a concurrent transaction");
        }
        catch (Exception ex) when (PostgresErrors.IsUnavailable(ex) || (ex is OperationCanceledException && deadline.IsCancellationRequested && !callerToken.IsCancellationRequested))
        {
            var reason = ex is OperationCanceledException
                ? $"a store call ran past Ludmin:Storage:Postgres:OperationTimeout ({_operationTimeout.TotalSeconds:0.#} s)"
                : PostgresErrors.Describe(ex);
            Interlocked.Increment(ref _failures);
            if (Interlocked.Exchange(ref _failing, 1) == 0)
            {
                LogUnavailable(Describe, reason, ex);
            }

            throw new PostgresUnavailableException(reason);
        }
    }

    [LoggerMessage(Level = LogLevel.Error, EventName = "PostgresUnavailable", Message = "The store is unavailable ({Store}): {Reason}. Requests answer 503 until it serves again.")]
    private partial void LogUnavailable(string store, string reason, Exception exception);

    [LoggerMessage(Level = LogLevel.Information, EventName = "PostgresServingAgain", Message = "The store serves again ({Store}).")]
    private partial void LogServingAgain(string store);

    [LoggerMessage(Level = LogLevel.Warning, EventName = "PostgresStartDeferred", Message = "The schema of {Store} could not be checked at start: {Reason}. It is migrated on the first call that reaches the server.")]
    private partial void LogStartDeferred(string store, string reason);
}
