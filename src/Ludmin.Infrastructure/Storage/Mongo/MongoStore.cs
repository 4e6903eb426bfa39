using System.Runtime.CompilerServices;
using Ludmin.Domain.Common;
using Ludmin.Infrastructure.Observability;
using Microsoft.Extensions.Logging;
using MongoDB.Bson;
using MongoDB.Driver;
using MongoDB.Driver.Core.Servers;

namespace Ludmin.Infrastructure.Storage.Mongo;

/// <summary>
/// One MongoDB database, as the repositories use it: the collections, and
/// <see cref="RunAsync{T}(string, Func{CancellationToken, Task{T}}, CancellationToken, string)"/>,
/// which every repository call passes through. The parts are files of their own: the client's
/// settings (<see cref="MongoClients"/>), the client made on first use
/// (<see cref="MongoConnection"/>), the deadline of every call (<see cref="MongoDeadline"/>), the
/// background index keeper (<see cref="MongoIndexKeeper"/>) and the outage warning
/// (<see cref="MongoOutageLog"/>). Nothing here blocks the start or a request: until the indexes
/// exist, readiness says why and every request answers "store unavailable" at once.
/// </summary>
internal sealed class MongoStore : IStoreInitializer, IDisposable
{
    public const string UsersCollection = "users";
    public const string ResetsCollection = "password_resets";
    public const string ThrottlesCollection = "login_throttles";
    public const string RefusalsCollection = "reset_refusals";
    public const string SecondFactorsCollection = "second_factors";
    public const string SecondFactorChallengesCollection = "second_factor_challenges";
    public const string PasskeysCollection = "passkeys";
    public const string ChallengesCollection = "passkey_challenges";

    public static readonly TimeSpan DefaultOperationTimeout = new MongoStorageOptions().OperationTimeout;

    /// <summary>
    /// Every write waits for a majority of the replica set, so an acknowledged write survives a
    /// failover; the bound keeps a request from hanging when no majority is left.
    /// </summary>
    public static readonly WriteConcern Writes = WriteConcern.WMajority.With(wTimeout: TimeSpan.FromSeconds(10));

    /// <summary>Reads decide logins and sessions (a logout must hold on the next request), so they go to the primary.</summary>
    public static readonly ReadPreference Reads = ReadPreference.Primary;

    private readonly MongoConnection _connection;
    private readonly MongoDeadline _deadline;
    private readonly MongoIndexKeeper _indexes;
    private readonly MongoOutageLog _outages;
    private readonly StoreCalls _calls;
    private int _disposed;

    public MongoStore(
        string connectionString, MongoStorageOptions options, MongoClientFactory createClient, TimeProvider clock, ILogger<MongoStore> logger, StoreCalls? calls = null)
    {
        if (options.OperationTimeout <= TimeSpan.Zero)
        {
            throw new InvalidOperationException("Ludmin:Storage:Mongo:OperationTimeout must be positive (for example 00:00:15).");
        }

        MongoClients.ValidateSyntax(connectionString);
        MongoClassMaps.Register();
        DatabaseName = options.Database;
        _connection = new MongoConnection(connectionString, options.Database, options.LinearizableSessionChecks, options.OperationTimeout, createClient);
        _deadline = new MongoDeadline(options.OperationTimeout, clock);
        _indexes = new MongoIndexKeeper(_connection, clock, logger);
        _outages = new MongoOutageLog(clock, logger);
        _calls = calls ?? StoreCalls.Unmeasured;
    }

    public TimeSpan OperationTimeout => _deadline.Timeout;

    public string DatabaseName { get; }

    public IMongoDatabase Database => _connection.Collections().Database;

    public IMongoCollection<UserDocument> Users => _connection.Collections().Users;

    /// <summary>
    /// The users for the session check: read concern linearizable unless turned off
    /// (docs/security.md, "Stale reads"), or the server is a standalone, which has no other
    /// primary to be stale against and refuses that read concern (NotAReplicaSet).
    /// </summary>
    public IMongoCollection<UserDocument> SessionChecks
    {
        get
        {
            var collections = _connection.Collections();
            return collections.Client.Cluster.Description.Servers.Any(s => s.Type == ServerType.Standalone) ? collections.Users : collections.SessionChecks;
        }
    }

    public IMongoCollection<PasswordResetDocument> Resets => _connection.Collections().Resets;

    public IMongoCollection<LoginThrottleDocument> Throttles => _connection.Collections().Throttles;

    public IMongoCollection<ResetRefusalDocument> Refusals => _connection.Collections().Refusals;

    public IMongoCollection<SecondFactorDocument> SecondFactors => _connection.Collections().SecondFactors;

    public IMongoCollection<SecondFactorChallengeDocument> SecondFactorChallenges => _connection.Collections().SecondFactorChallenges;
    public IMongoCollection<PasskeyDocument> Passkeys => _connection.Collections().Passkeys;

    public IMongoCollection<PasskeyChallengeDocument> PasskeyChallenges => _connection.Collections().PasskeyChallenges;

    public bool IndexesReady => _indexes.Ready;

    /// <inheritdoc cref="MongoIndexKeeper.NotReadyReason"/>
    public string NotReadyReason => _indexes.NotReadyReason;

    /// <summary>A store for the configured settings; says which setting is missing when one is.</summary>
    public static MongoStore FromOptions(
        MongoStorageOptions options, TimeProvider clock, ILogger<MongoStore> logger, MongoClientFactory? createClient = null, StoreCalls? calls = null)
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

        return new MongoStore(options.ConnectionString, options, createClient ?? MongoClients.Create, clock, logger, calls);
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
            createClient ?? MongoClients.Create,
            clock,
            logger);

    /// <summary>
    /// Starts making the client and the indexes in the background and returns at once: a MongoDB
    /// (or a DNS) that is down must not keep the API from starting; readiness reports it meanwhile.
    /// </summary>
    public Task InitializeAsync(CancellationToken cancellationToken)
    {
        _indexes.Start();
        return Task.CompletedTask;
    }

    /// <summary>The command line waits for the indexes; a failure is the same "store unavailable" a request would get.</summary>
    async Task IStoreInitializer.WaitUntilReadyAsync(CancellationToken cancellationToken)
    {
        _indexes.Start();
        try
        {
            await _indexes.EnsureAsync(cancellationToken);
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            _outages.NoteUnavailable(Explain(ex), ex);
            throw MongoErrors.StoreUnavailable();
        }
    }

    /// <inheritdoc cref="MongoIndexKeeper.EnsureAsync"/>
    public Task EnsureIndexesAsync(CancellationToken cancellationToken) => _indexes.EnsureAsync(cancellationToken);

    /// <summary>
    /// A call of a repository, measured (<see cref="StoreCalls"/>) as the operation
    /// <paramref name="method"/> (the calling method) of <paramref name="repository"/>.
    /// </summary>
    public Task<T> RunAsync<T>(string repository, Func<CancellationToken, Task<T>> operation, CancellationToken cancellationToken, [CallerMemberName] string method = "") =>
        _calls.MeasureAsync(repository, method, () => RunAsync(operation, cancellationToken));

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
            _indexes.Start();
            _indexes.Wake();
            _outages.NoteUnavailable(NotReadyReason, null);
            throw MongoErrors.StoreUnavailable();
        }

        try
        {
            return await _deadline.RunAsync(operation, cancellationToken);
        }
        catch (Exception ex) when (MongoErrors.IsUnavailable(ex))
        {
            _outages.NoteUnavailable(Explain(ex), ex);
            throw MongoErrors.StoreUnavailable();
        }
    }

    /// <summary>Asks the primary for a round trip, within the deadline: what readiness means for a store that must take writes.</summary>
    public Task PingAsync(CancellationToken cancellationToken) =>
        _deadline.RunAsync(
            token => Database.RunCommandAsync(new BsonDocumentCommand<BsonDocument>(new BsonDocument("ping", 1)), ReadPreference.Primary, token),
            cancellationToken);

    /// <inheritdoc cref="MongoOutageLog.NoteDetachedFailure"/>
    public void NoteDetachedFailure(string what, Exception exception) => _outages.NoteDetachedFailure(what, exception);

    /// <inheritdoc cref="MongoConnection.Explain"/>
    public string Explain(Exception exception) => _connection.Explain(exception);

    /// <summary>Safe to call twice: the container disposes it both as itself and as the <see cref="IStoreInitializer"/> it also is.</summary>
    public void Dispose()
    {
        if (Interlocked.Exchange(ref _disposed, 1) == 1)
        {
            return;
        }

        _indexes.Dispose();
        _connection.Dispose();
    }
}
