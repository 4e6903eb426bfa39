using Ludmin.Domain.Common;
using Microsoft.Extensions.Logging;
using MongoDB.Bson;
using MongoDB.Driver;
using MongoDB.Driver.Core.Configuration;

namespace Ludmin.Infrastructure.Storage.Mongo;

/// <summary>
/// One MongoDB database: the client (its connection pool and server monitoring), the two
/// collections with Ludmin's write concern and read preference, and the indexes. A server that
/// is down does not stop the process: the indexes are created in the background, retried until
/// the server answers, and every operation waits for them, answering "store unavailable" while
/// they cannot be made.
/// </summary>
internal sealed partial class MongoStore : IStoreInitializer, IDisposable
{
    public const string UsersCollection = "users";
    public const string ResetsCollection = "password_resets";
    public const string ThrottlesCollection = "login_throttles";

    /// <summary>How long an operation looks for a usable server before it gives up (the driver's default is 30 s).</summary>
    public static readonly TimeSpan DefaultServerSelectionTimeout = TimeSpan.FromSeconds(5);

    public static readonly TimeSpan DefaultConnectTimeout = TimeSpan.FromSeconds(5);

    /// <summary>
    /// Every write waits for a majority of the replica set, so an acknowledged write survives a
    /// failover; the bound keeps a request from hanging when no majority is left.
    /// </summary>
    public static readonly WriteConcern Writes = WriteConcern.WMajority.With(wTimeout: TimeSpan.FromSeconds(10));

    /// <summary>Reads decide logins and sessions (a logout must hold on the next request), so they go to the primary.</summary>
    public static readonly ReadPreference Reads = ReadPreference.Primary;

    private static readonly TimeSpan FirstRetryDelay = TimeSpan.FromSeconds(1);
    private static readonly TimeSpan MaxRetryDelay = TimeSpan.FromSeconds(30);
    private static readonly TimeSpan WarningInterval = TimeSpan.FromSeconds(10);

    private readonly MongoClient _client;
    private readonly TimeProvider _clock;
    private readonly ILogger<MongoStore> _logger;
    private readonly CancellationTokenSource _stopping = new();
    private readonly Lock _gate = new();
    private Task? _indexAttempt;
    private Task? _indexKeeper;
    private bool _indexesReady;
    private long _lastWarningTicks;
    private int _disposed;

    public MongoStore(MongoClient client, string databaseName, TimeProvider clock, ILogger<MongoStore> logger)
    {
        MongoClassMaps.Register();
        _client = client;
        _clock = clock;
        _logger = logger;
        Database = client.GetDatabase(databaseName);
        Users = Database.GetCollection<UserDocument>(UsersCollection).WithWriteConcern(Writes).WithReadPreference(Reads);
        Resets = Database.GetCollection<PasswordResetDocument>(ResetsCollection).WithWriteConcern(Writes).WithReadPreference(Reads);
        Throttles = Database.GetCollection<LoginThrottleDocument>(ThrottlesCollection).WithWriteConcern(Writes).WithReadPreference(Reads);
    }

    public IMongoDatabase Database { get; }

    public IMongoCollection<UserDocument> Users { get; }

    public IMongoCollection<PasswordResetDocument> Resets { get; }

    public IMongoCollection<LoginThrottleDocument> Throttles { get; }

    public bool IndexesReady => Volatile.Read(ref _indexesReady);

    /// <summary>A store for the configured settings; says which setting is missing when one is.</summary>
    public static MongoStore FromOptions(MongoStorageOptions options, TimeProvider clock, ILogger<MongoStore> logger)
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

        return Connect(options.ConnectionString, options.Database, clock, logger);
    }

    public static MongoStore Connect(string connectionString, string databaseName, TimeProvider clock, ILogger<MongoStore> logger) =>
        new(new MongoClient(ClientSettings(connectionString)), databaseName, clock, logger);

    /// <summary>
    /// The client settings for a connection string. Timeouts the string leaves out are kept short,
    /// so a request fails fast with "store unavailable" instead of hanging while the server is down.
    /// </summary>
    public static MongoClientSettings ClientSettings(string connectionString)
    {
        ConnectionString parsed;
        MongoClientSettings settings;
        try
        {
            parsed = new ConnectionString(connectionString);
            settings = MongoClientSettings.FromConnectionString(connectionString);
        }
        catch (Exception ex) when (ex is MongoConfigurationException or ArgumentException or FormatException)
        {
            // The driver's message repeats the string, password and all; it stays out of logs.
            throw new InvalidOperationException(
                "The MongoDB connection string is not valid; expected mongodb://host[:port][,host...][/?options] or mongodb+srv://host[/?options].");
        }

        if (parsed.ServerSelectionTimeout is null)
        {
            settings.ServerSelectionTimeout = DefaultServerSelectionTimeout;
        }

        if (parsed.ConnectTimeout is null)
        {
            settings.ConnectTimeout = DefaultConnectTimeout;
        }

        settings.ApplicationName ??= "ludmin";
        return settings;
    }

    /// <summary>
    /// Starts making the indexes in the background and returns at once: a MongoDB that is down
    /// must not keep the API from starting (readiness reports it meanwhile).
    /// </summary>
    public Task InitializeAsync(CancellationToken cancellationToken)
    {
        lock (_gate)
        {
            _indexKeeper ??= Task.Run(() => KeepCreatingIndexesAsync(_stopping.Token), CancellationToken.None);
        }

        return Task.CompletedTask;
    }

    /// <summary>
    /// Completes once the indexes exist. Callers arriving while an attempt runs share it, so a
    /// down server costs each of them one server-selection timeout, not one per caller ahead.
    /// </summary>
    public Task EnsureIndexesAsync(CancellationToken cancellationToken)
    {
        if (IndexesReady)
        {
            return Task.CompletedTask;
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
    /// Runs one operation once the indexes exist. A store that cannot be reached becomes
    /// <see cref="Errors.StoreUnavailable"/> (503); anything else is the caller's to interpret.
    /// </summary>
    public async Task<T> RunAsync<T>(Func<CancellationToken, Task<T>> operation, CancellationToken cancellationToken)
    {
        try
        {
            await EnsureIndexesAsync(cancellationToken);
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            // Without its unique index the store cannot keep addresses unique: no request goes on.
            NoteUnavailable(ex);
            throw MongoErrors.StoreUnavailable();
        }

        try
        {
            return await operation(cancellationToken);
        }
        catch (Exception ex) when (MongoErrors.IsUnavailable(ex))
        {
            NoteUnavailable(ex);
            throw MongoErrors.StoreUnavailable();
        }
    }

    /// <summary>Asks the primary for a round trip: what readiness means for a store that must take writes.</summary>
    public Task PingAsync(CancellationToken cancellationToken) =>
        Database.RunCommandAsync(new BsonDocumentCommand<BsonDocument>(new BsonDocument("ping", 1)), ReadPreference.Primary, cancellationToken);

    /// <summary>Safe to call twice: the container disposes it both as itself and as the <see cref="IStoreInitializer"/> it also is.</summary>
    public void Dispose()
    {
        if (Interlocked.Exchange(ref _disposed, 1) == 1)
        {
            return;
        }

        _stopping.Cancel();
        _client.Dispose();
        _stopping.Dispose();
    }

    private async Task CreateIndexesAsync(CancellationToken cancellationToken)
    {
        await Users.Indexes.CreateManyAsync(MongoIndexes.Users, cancellationToken);
        await Resets.Indexes.CreateManyAsync(MongoIndexes.Resets, cancellationToken);
        await Throttles.Indexes.CreateManyAsync(MongoIndexes.Throttles, cancellationToken);
        Volatile.Write(ref _indexesReady, true);
    }

    private async Task KeepCreatingIndexesAsync(CancellationToken stopping)
    {
        var delay = FirstRetryDelay;
        while (!stopping.IsCancellationRequested)
        {
            try
            {
                await EnsureIndexesAsync(stopping);
                LogIndexesReady(Database.DatabaseNamespace.DatabaseName);
                return;
            }
            catch (Exception ex) when (!stopping.IsCancellationRequested)
            {
                LogIndexesFailed(ex, MongoErrors.Describe(ex), delay);
            }
            catch (Exception)
            {
                return;
            }

            try
            {
                await Task.Delay(delay, _clock, stopping);
            }
            catch (OperationCanceledException)
            {
                return;
            }

            delay = TimeSpan.FromTicks(Math.Min(delay.Ticks * 2, MaxRetryDelay.Ticks));
        }
    }

    /// <summary>Logs an outage at most every few seconds: when the server is down, every request would say the same.</summary>
    private void NoteUnavailable(Exception exception)
    {
        var now = _clock.GetUtcNow().UtcTicks;
        var last = Interlocked.Read(ref _lastWarningTicks);
        if (now - last >= WarningInterval.Ticks && Interlocked.CompareExchange(ref _lastWarningTicks, now, last) == last)
        {
            LogUnavailable(exception, MongoErrors.Describe(exception));
        }
    }

    [LoggerMessage(Level = LogLevel.Information, EventName = "MongoIndexesReady", Message = "MongoDB indexes are in place in database {Database}.")]
    private partial void LogIndexesReady(string database);

    [LoggerMessage(Level = LogLevel.Warning, EventName = "MongoIndexesFailed", Message = "MongoDB indexes could not be created ({Reason}); retrying in {Delay}.")]
    private partial void LogIndexesFailed(Exception exception, string reason, TimeSpan delay);

    [LoggerMessage(Level = LogLevel.Warning, EventName = "MongoUnavailable", Message = "MongoDB is unavailable ({Reason}); requests that need the store answer 503.")]
    private partial void LogUnavailable(Exception exception, string reason);
}
