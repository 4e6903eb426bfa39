using Ludmin.Domain.Common;
using Microsoft.Extensions.Logging;
using MongoDB.Bson;
using MongoDB.Driver;
using MongoDB.Driver.Core.Configuration;
using MongoDB.Driver.Core.Servers;

namespace Ludmin.Infrastructure.Storage.Mongo;

/// <summary>
/// One MongoDB database: the client (its connection pool and server monitoring), the
/// collections with Ludmin's write concern and read preference, and the indexes. Nothing here
/// blocks the start or a request: the client (which reads DNS for <c>mongodb+srv</c>) and the
/// indexes are made in the background and retried until the server answers; until the indexes
/// exist, readiness says why and every request answers "store unavailable" at once. Every store
/// call has one deadline, <see cref="OperationTimeout"/>.
/// </summary>
internal sealed partial class MongoStore : IStoreInitializer, IDisposable
{
    public const string UsersCollection = "users";
    public const string ResetsCollection = "password_resets";
    public const string ThrottlesCollection = "login_throttles";
    public const string RefusalsCollection = "reset_refusals";

    public static readonly TimeSpan DefaultOperationTimeout = new MongoStorageOptions().OperationTimeout;

    public static readonly TimeSpan DefaultConnectTimeout = TimeSpan.FromSeconds(5);

    /// <summary>
    /// Connections per API instance to each server. Chosen, not inherited: instances × this must
    /// fit the server's connection limit; a request that finds the pool busy waits at most the
    /// operation timeout.
    /// </summary>
    public const int DefaultMaxConnectionPoolSize = 100;

    /// <summary>
    /// Every write waits for a majority of the replica set, so an acknowledged write survives a
    /// failover; the bound keeps a request from hanging when no majority is left.
    /// </summary>
    public static readonly WriteConcern Writes = WriteConcern.WMajority.With(wTimeout: TimeSpan.FromSeconds(10));

    /// <summary>Reads decide logins and sessions (a logout must hold on the next request), so they go to the primary.</summary>
    public static readonly ReadPreference Reads = ReadPreference.Primary;

    /// <summary>MongoDB's codes for an index that exists with other options or other keys under the same name.</summary>
    private const int IndexOptionsConflict = 85;
    private const int IndexKeySpecsConflict = 86;

    private static readonly TimeSpan FirstRetryDelay = TimeSpan.FromSeconds(1);
    private static readonly TimeSpan MaxRetryDelay = TimeSpan.FromSeconds(30);
    private static readonly TimeSpan WarningInterval = TimeSpan.FromSeconds(10);

    private readonly string _connectionString;
    private readonly string _databaseName;
    private readonly bool _linearizableSessionChecks;
    private readonly MongoClientFactory _createClient;
    private readonly TimeProvider _clock;
    private readonly ILogger<MongoStore> _logger;
    private readonly CancellationTokenSource _stopping = new();
    private readonly Lock _gate = new();
    private readonly Lock _connecting = new();
    private Connection? _connection;
    private Task? _indexAttempt;
    private Task? _indexKeeper;
    private TaskCompletionSource _wake = NewWakeSignal();
    private bool _indexesReady;
    private string _notReadyReason = "they are being created";
    private MongoIndexConflictException? _conflict;
    private long _lastWarningTicks;
    private int _disposed;

    public MongoStore(string connectionString, MongoStorageOptions options, MongoClientFactory createClient, TimeProvider clock, ILogger<MongoStore> logger)
    {
        if (options.OperationTimeout <= TimeSpan.Zero)
        {
            throw new InvalidOperationException("Ludmin:Storage:Mongo:OperationTimeout must be positive (for example 00:00:15).");
        }

        // Parsing reads no DNS; it refuses a malformed string on the start path, where the operator sees it.
        ValidateSyntax(connectionString);
        MongoClassMaps.Register();
        _connectionString = connectionString;
        _databaseName = options.Database;
        _linearizableSessionChecks = options.LinearizableSessionChecks;
        OperationTimeout = options.OperationTimeout;
        _createClient = createClient;
        _clock = clock;
        _logger = logger;
    }

    public TimeSpan OperationTimeout { get; }

    public string DatabaseName => _databaseName;

    public IMongoDatabase Database => Connected().Database;

    public IMongoCollection<UserDocument> Users => Connected().Users;

    /// <summary>
    /// The users for the session check: read concern linearizable unless turned off
    /// (docs/security.md, "Stale reads"), or the server is a standalone, which has no other
    /// primary to be stale against and refuses that read concern (NotAReplicaSet).
    /// </summary>
    public IMongoCollection<UserDocument> SessionChecks
    {
        get
        {
            var connection = Connected();
            return connection.Client.Cluster.Description.Servers.Any(s => s.Type == ServerType.Standalone) ? connection.Users : connection.SessionChecks;
        }
    }

    public IMongoCollection<PasswordResetDocument> Resets => Connected().Resets;

    public IMongoCollection<LoginThrottleDocument> Throttles => Connected().Throttles;

    public IMongoCollection<ResetRefusalDocument> Refusals => Connected().Refusals;

    public bool IndexesReady => Volatile.Read(ref _indexesReady);

    /// <summary>Why the store is not ready, fit for the public readiness answer (no hosts, no driver messages).</summary>
    public string NotReadyReason => Volatile.Read(ref _conflict) is { } conflict
        ? "MongoDB indexes cannot be made: " + conflict.Message
        : "MongoDB indexes are not in place yet: " + Volatile.Read(ref _notReadyReason);

    /// <summary>A store for the configured settings; says which setting is missing when one is.</summary>
    public static MongoStore FromOptions(MongoStorageOptions options, TimeProvider clock, ILogger<MongoStore> logger, MongoClientFactory? createClient = null)
    {
        if (string.IsNullOrWhiteSpace(options.ConnectionString))
        {
            throw new InvalidOperationException(
                "Ludmin:Storage:Provider is Mongo, but Ludmin:Storage:Mongo:ConnectionString is not set "
                + "(environment variable Ludmin__Storage__Mongo__ConnectionString).");
        }

        if (string.IsNullOrWhiteSpace(options.Database))
        {
            throw new InvalidOperationException("Ludmin:Storage:Mongo:Database must name a database.");
        }

        return new MongoStore(options.ConnectionString, options, createClient ?? CreateClient, clock, logger);
    }

    public static MongoStore Connect(
        string connectionString,
        string databaseName,
        TimeProvider clock,
        ILogger<MongoStore> logger,
        TimeSpan? operationTimeout = null,
        MongoClientFactory? createClient = null) =>
        new(
            connectionString,
            new MongoStorageOptions { Database = databaseName, OperationTimeout = operationTimeout ?? DefaultOperationTimeout },
            createClient ?? CreateClient,
            clock,
            logger);

    /// <summary>The default <see cref="MongoClientFactory"/>: the driver's client with <see cref="ClientSettings"/>.</summary>
    public static IMongoClient CreateClient(string connectionString, TimeSpan operationTimeout) =>
        new MongoClient(ClientSettings(connectionString, operationTimeout));

    /// <summary>
    /// The client settings for a connection string (for <c>mongodb+srv</c> this reads its TXT
    /// record). Every bound the string leaves out is set to the operation timeout, so no part of a
    /// call can outwait it: finding a primary (long enough for an election), a server that accepts
    /// and never answers (the socket timeout), and a full pool (the wait queue). A value in the
    /// string wins. The 3.x driver's own per-operation timeout (<c>timeoutMS</c>) is not public
    /// yet, so the deadline as a whole is <see cref="RunAsync{T}"/>'s.
    /// </summary>
    public static MongoClientSettings ClientSettings(string connectionString, TimeSpan? operationTimeout = null)
    {
        var timeout = operationTimeout ?? DefaultOperationTimeout;
        var parsed = ValidateSyntax(connectionString);
        MongoClientSettings settings;
        try
        {
            settings = MongoClientSettings.FromConnectionString(connectionString);
        }
        catch (Exception ex) when (ex is MongoConfigurationException or ArgumentException or FormatException)
        {
            throw InvalidString();
        }

        if (parsed.ServerSelectionTimeout is null)
        {
            settings.ServerSelectionTimeout = timeout;
        }

        if (parsed.ConnectTimeout is null)
        {
            settings.ConnectTimeout = TimeSpan.FromTicks(Math.Min(DefaultConnectTimeout.Ticks, timeout.Ticks));
        }

        if (parsed.SocketTimeout is null)
        {
            settings.SocketTimeout = timeout;
        }

        if (parsed.WaitQueueTimeout is null)
        {
            settings.WaitQueueTimeout = timeout;
        }

        if (parsed.MaxPoolSize is null)
        {
            settings.MaxConnectionPoolSize = DefaultMaxConnectionPoolSize;
        }

        settings.ApplicationName ??= "ludmin";
        return settings;
    }

    /// <summary>
    /// Starts making the client and the indexes in the background and returns at once: a MongoDB
    /// (or a DNS) that is down must not keep the API from starting; readiness reports it meanwhile.
    /// </summary>
    public Task InitializeAsync(CancellationToken cancellationToken)
    {
        StartIndexKeeper();
        return Task.CompletedTask;
    }

    /// <summary>The command line waits for the indexes; a failure is the same "store unavailable" a request would get.</summary>
    async Task IStoreInitializer.WaitUntilReadyAsync(CancellationToken cancellationToken)
    {
        StartIndexKeeper();
        try
        {
            await EnsureIndexesAsync(cancellationToken);
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            NoteUnavailable(Explain(ex), ex);
            throw MongoErrors.StoreUnavailable();
        }
    }

    /// <summary>
    /// Completes once the indexes exist. For callers that may wait (copy-store, tests); requests
    /// never do. Callers arriving while an attempt runs share it. An index conflict fails at once
    /// with <see cref="MongoIndexConflictException"/>; it is never retried.
    /// </summary>
    public Task EnsureIndexesAsync(CancellationToken cancellationToken)
    {
        if (IndexesReady)
        {
            return Task.CompletedTask;
        }

        if (Volatile.Read(ref _conflict) is { } conflict)
        {
            return Task.FromException(conflict);
        }

        Task attempt;
        lock (_gate)
        {
            if (_indexAttempt is null || _indexAttempt.IsFaulted || _indexAttempt.IsCanceled)
            {
                _indexAttempt = Task.Run(() => CreateIndexesAsync(_stopping.Token), CancellationToken.None);
            }

            attempt = _indexAttempt;
        }

        return attempt.WaitAsync(cancellationToken);
    }

    /// <summary>
    /// Runs one operation within <see cref="OperationTimeout"/>. Until the indexes exist it
    /// answers <see cref="Errors.StoreUnavailable"/> (503) at once rather than wait on an index
    /// build, which can take minutes; a store that cannot be reached, or does not answer within
    /// the deadline, is the same 503. Anything else is the caller's to interpret.
    /// </summary>
    public async Task<T> RunAsync<T>(Func<CancellationToken, Task<T>> operation, CancellationToken cancellationToken)
    {
        if (!IndexesReady)
        {
            // Without its unique index the store cannot keep addresses unique: no request goes on.
            StartIndexKeeper();
            WakeIndexKeeper();
            NoteUnavailable(NotReadyReason, null);
            throw MongoErrors.StoreUnavailable();
        }

        try
        {
            return await WithinDeadlineAsync(operation, cancellationToken);
        }
        catch (Exception ex) when (MongoErrors.IsUnavailable(ex))
        {
            NoteUnavailable(Explain(ex), ex);
            throw MongoErrors.StoreUnavailable();
        }
    }

    /// <summary>Asks the primary for a round trip, within the deadline: what readiness means for a store that must take writes.</summary>
    public Task PingAsync(CancellationToken cancellationToken) =>
        WithinDeadlineAsync(
            token => Database.RunCommandAsync(new BsonDocumentCommand<BsonDocument>(new BsonDocument("ping", 1)), ReadPreference.Primary, token),
            cancellationToken);

    /// <summary>Safe to call twice: the container disposes it both as itself and as the <see cref="IStoreInitializer"/> it also is.</summary>
    public void Dispose()
    {
        if (Interlocked.Exchange(ref _disposed, 1) == 1)
        {
            return;
        }

        _stopping.Cancel();
        lock (_connecting)
        {
            _connection?.Client.Dispose();
        }

        _stopping.Dispose();
    }

    /// <summary>
    /// The operation with a token that ends at the deadline (or with the caller's). The driver
    /// honours it in server selection, the pool's wait queue and socket reads, where it closes the
    /// connection, so a silent server costs one deadline, not a pool slot for ever.
    /// </summary>
    private async Task<T> WithinDeadlineAsync<T>(Func<CancellationToken, Task<T>> operation, CancellationToken cancellationToken)
    {
        using var deadline = new CancellationTokenSource(OperationTimeout, _clock);
        using var linked = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, deadline.Token);
        try
        {
            return await operation(linked.Token);
        }
        catch (Exception ex) when (deadline.IsCancellationRequested && !cancellationToken.IsCancellationRequested && ex is not DomainException)
        {
            // Cancelled by the deadline, however the driver reported it (cancelled, or a connection closed under it).
            throw new MongoOperationTimeoutException(OperationTimeout);
        }
    }

    /// <summary>
    /// <see cref="MongoErrors.Describe"/>, made exact for a <c>mongodb+srv</c> name whose SRV
    /// records gave no server: the driver looks them up in the background and then only reports
    /// that no server could be selected.
    /// </summary>
    public string Explain(Exception exception) =>
        exception is TimeoutException and not MongoOperationTimeoutException
        && Volatile.Read(ref _connection) is { } connection
        && connection.Client.Settings.Scheme == ConnectionStringScheme.MongoDBPlusSrv
        && connection.Client.Cluster.Description.Servers.Count == 0
            ? "no MongoDB server answered within the server selection timeout: the SRV records of the mongodb+srv name gave no server"
            : MongoErrors.Describe(exception);

    private static ConnectionString ValidateSyntax(string connectionString)
    {
        try
        {
            return new ConnectionString(connectionString);
        }
        catch (Exception ex) when (ex is MongoConfigurationException or ArgumentException or FormatException)
        {
            throw InvalidString();
        }
    }

    /// <summary>The driver's message repeats the string, password and all; it stays out of logs.</summary>
    private static InvalidOperationException InvalidString() => new(
        "The MongoDB connection string is not valid; expected mongodb://host[:port][,host...][/?options] or mongodb+srv://host[/?options].");

    private static TaskCompletionSource NewWakeSignal() => new(TaskCreationOptions.RunContinuationsAsynchronously);

    /// <summary>The client, made on first use; a failure (DNS for <c>mongodb+srv</c>) is tried again on the next use.</summary>
    private Connection Connected()
    {
        if (Volatile.Read(ref _connection) is { } connection)
        {
            return connection;
        }

        // A lock of its own: making the client may wait on DNS, which nothing else should wait behind.
        lock (_connecting)
        {
            ObjectDisposedException.ThrowIf(Volatile.Read(ref _disposed) == 1, this);
            if (_connection is null)
            {
                IMongoClient client;
                try
                {
                    client = _createClient(_connectionString, OperationTimeout);
                }
                catch (Exception ex)
                {
                    throw new MongoClientCreationException(ex);
                }

                Volatile.Write(ref _connection, new Connection(client, _databaseName, _linearizableSessionChecks));
            }

            return _connection;
        }
    }

    private void StartIndexKeeper()
    {
        if (Volatile.Read(ref _indexKeeper) is not null || IndexesReady)
        {
            return;
        }

        lock (_gate)
        {
            if (_disposed == 0)
            {
                _indexKeeper ??= Task.Run(() => KeepCreatingIndexesAsync(_stopping.Token), CancellationToken.None);
            }
        }
    }

    /// <summary>A request found the store not ready: the keeper may try again now rather than at the end of its back-off.</summary>
    private void WakeIndexKeeper() => Volatile.Read(ref _wake).TrySetResult();

    private async Task CreateIndexesAsync(CancellationToken cancellationToken)
    {
        try
        {
            var connection = Connected();
            await CreateAsync(connection.Users, MongoIndexes.Users, cancellationToken);
            await CreateAsync(connection.Resets, MongoIndexes.Resets, cancellationToken);
            await CreateAsync(connection.Throttles, MongoIndexes.Throttles, cancellationToken);
            await CreateAsync(connection.Refusals, MongoIndexes.Refusals, cancellationToken);
            Volatile.Write(ref _indexesReady, true);
        }
        catch (MongoIndexConflictException ex)
        {
            Volatile.Write(ref _conflict, ex);
            throw;
        }
        catch (Exception ex)
        {
            Volatile.Write(ref _notReadyReason, Explain(ex));
            throw;
        }
    }

    /// <summary>
    /// One createIndexes per index, so a conflict names the index. Creating an index that exists
    /// with the same keys and options does nothing. A long build on a populated collection can
    /// outlast the socket timeout; the server keeps building (a client that goes away does not
    /// stop it), and the next attempt waits for, or finds, the finished index.
    /// </summary>
    private static async Task CreateAsync<T>(IMongoCollection<T> collection, IReadOnlyList<CreateIndexModel<T>> indexes, CancellationToken cancellationToken)
    {
        foreach (var index in indexes)
        {
            try
            {
                await collection.Indexes.CreateOneAsync(index, cancellationToken: cancellationToken);
            }
            catch (MongoCommandException ex) when (ex.Code is IndexOptionsConflict or IndexKeySpecsConflict)
            {
                throw new MongoIndexConflictException(collection.CollectionNamespace.CollectionName, index.Options?.Name ?? "(unnamed)", ex.CodeName, ex);
            }
        }
    }

    private async Task KeepCreatingIndexesAsync(CancellationToken stopping)
    {
        var delay = FirstRetryDelay;
        while (!stopping.IsCancellationRequested)
        {
            try
            {
                await EnsureIndexesAsync(stopping);
                LogIndexesReady(_databaseName);
                return;
            }
            catch (MongoIndexConflictException ex)
            {
                LogIndexConflict(ex.InnerException!, ex.Collection, ex.Index, ex.Message);
                return;
            }
            catch (Exception ex) when (!stopping.IsCancellationRequested)
            {
                LogIndexesFailed(ex, Explain(ex), delay);
            }
            catch (Exception)
            {
                return;
            }

            try
            {
                await WaitBeforeRetryAsync(delay, stopping);
            }
            catch (OperationCanceledException)
            {
                return;
            }

            delay = TimeSpan.FromTicks(Math.Min(delay.Ticks * 2, MaxRetryDelay.Ticks));
        }
    }

    /// <summary>The back-off, cut short by a request that found the store not ready, but never below the first delay.</summary>
    private async Task WaitBeforeRetryAsync(TimeSpan delay, CancellationToken stopping)
    {
        var wake = NewWakeSignal();
        Volatile.Write(ref _wake, wake);
        await Task.Delay(FirstRetryDelay, _clock, stopping);
        if (delay > FirstRetryDelay)
        {
            await Task.WhenAny(Task.Delay(delay - FirstRetryDelay, _clock, stopping), wake.Task);
            stopping.ThrowIfCancellationRequested();
        }
    }

    /// <summary>Logs an outage at most every few seconds: when the server is down, every request would say the same.</summary>
    private void NoteUnavailable(string reason, Exception? exception)
    {
        var now = _clock.GetUtcNow().UtcTicks;
        var last = Interlocked.Read(ref _lastWarningTicks);
        if (now - last >= WarningInterval.Ticks && Interlocked.CompareExchange(ref _lastWarningTicks, now, last) == last)
        {
            LogUnavailable(exception, reason);
        }
    }

    [LoggerMessage(Level = LogLevel.Information, EventName = "MongoIndexesReady", Message = "MongoDB indexes are in place in database {Database}.")]
    private partial void LogIndexesReady(string database);

    [LoggerMessage(Level = LogLevel.Warning, EventName = "MongoIndexesFailed", Message = "MongoDB indexes could not be created ({Reason}); retrying in {Delay}.")]
    private partial void LogIndexesFailed(Exception exception, string reason, TimeSpan delay);

    [LoggerMessage(Level = LogLevel.Error, EventName = "MongoIndexConflict", Message = "MongoDB index {Index} on collection {Collection} conflicts with an existing one: {Reason}. The instance stays not ready.")]
    private partial void LogIndexConflict(Exception exception, string collection, string index, string reason);

    [LoggerMessage(Level = LogLevel.Warning, EventName = "MongoUnavailable", Message = "MongoDB is unavailable ({Reason}); requests that need the store answer 503.")]
    private partial void LogUnavailable(Exception? exception, string reason);

    /// <summary>The client and what is derived from it, made together once.</summary>
    private sealed class Connection
    {
        public Connection(IMongoClient client, string databaseName, bool linearizableSessionChecks)
        {
            Client = client;
            Database = client.GetDatabase(databaseName);
            Users = Database.GetCollection<UserDocument>(UsersCollection).WithWriteConcern(Writes).WithReadPreference(Reads);
            SessionChecks = linearizableSessionChecks ? Users.WithReadConcern(ReadConcern.Linearizable) : Users;
            Resets = Database.GetCollection<PasswordResetDocument>(ResetsCollection).WithWriteConcern(Writes).WithReadPreference(Reads);
            Throttles = Database.GetCollection<LoginThrottleDocument>(ThrottlesCollection).WithWriteConcern(Writes).WithReadPreference(Reads);
            Refusals = Database.GetCollection<ResetRefusalDocument>(RefusalsCollection).WithWriteConcern(Writes).WithReadPreference(Reads);
        }

        public IMongoClient Client { get; }

        public IMongoDatabase Database { get; }

        public IMongoCollection<UserDocument> Users { get; }

        public IMongoCollection<UserDocument> SessionChecks { get; }

        public IMongoCollection<PasswordResetDocument> Resets { get; }

        public IMongoCollection<LoginThrottleDocument> Throttles { get; }

        public IMongoCollection<ResetRefusalDocument> Refusals { get; }
    }
}
