using Microsoft.Extensions.Logging;
using MongoDB.Driver;

namespace Ludmin.Infrastructure.Storage.Mongo;

/// <summary>
/// Makes Ludmin's indexes in the background and keeps trying, with a back-off, until the server
/// answers: a MongoDB (or a DNS) that is down must not keep the API from starting. Until the
/// indexes exist, <see cref="NotReadyReason"/> says why. An index conflict is never retried: it
/// needs an operator.
/// </summary>
internal sealed partial class MongoIndexKeeper(MongoConnection connection, TimeProvider clock, ILogger logger) : IDisposable
{
    /// <summary>MongoDB's codes for an index that exists with other options or other keys under the same name.</summary>
    private const int IndexOptionsConflict = 85;
    private const int IndexKeySpecsConflict = 86;

    private static readonly TimeSpan FirstRetryDelay = TimeSpan.FromSeconds(1);
    private static readonly TimeSpan MaxRetryDelay = TimeSpan.FromSeconds(30);

    private readonly CancellationTokenSource _stopping = new();
    private readonly Lock _gate = new();
    private Task? _attempt;
    private Task? _keeper;
    private TaskCompletionSource _wake = NewWakeSignal();
    private bool _ready;
    private string _notReadyReason = "they are being created";
    private MongoIndexConflictException? _conflict;
    private bool _disposed;

    public bool Ready => Volatile.Read(ref _ready);

    /// <summary>Why the store is not ready, fit for the public readiness answer (no hosts, no driver messages).</summary>
    public string NotReadyReason => Volatile.Read(ref _conflict) is { } conflict
        ? "MongoDB indexes cannot be made: " + conflict.Message
        : "MongoDB indexes are not in place yet: " + Volatile.Read(ref _notReadyReason);

    /// <summary>Starts the keeper once; it ends when the indexes exist, on a conflict, or at disposal.</summary>
    public void Start()
    {
        if (Volatile.Read(ref _keeper) is not null || Ready)
        {
            return;
        }

        lock (_gate)
        {
            if (!_disposed)
            {
                _keeper ??= Task.Run(() => KeepCreatingAsync(_stopping.Token), CancellationToken.None);
            }
        }
    }

    /// <summary>A request found the store not ready: the keeper may try again now rather than at the end of its back-off.</summary>
    public void Wake() => Volatile.Read(ref _wake).TrySetResult();

    /// <summary>
    /// Completes once the indexes exist. For callers that may wait (copy-store, tests); requests
    /// never do. Callers arriving while an attempt runs share it. An index conflict fails at once
    /// with <see cref="MongoIndexConflictException"/>; it is never retried.
    /// </summary>
    public Task EnsureAsync(CancellationToken cancellationToken)
    {
        if (Ready)
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
            if (_attempt is null || _attempt.IsFaulted || _attempt.IsCanceled)
            {
                _attempt = Task.Run(() => CreateAllAsync(_stopping.Token), CancellationToken.None);
            }

            attempt = _attempt;
        }

        return attempt.WaitAsync(cancellationToken);
    }

    public void Dispose()
    {
        lock (_gate)
        {
            if (_disposed)
            {
                return;
            }

            _disposed = true;
        }

        _stopping.Cancel();
        _stopping.Dispose();
    }

    private static TaskCompletionSource NewWakeSignal() => new(TaskCreationOptions.RunContinuationsAsynchronously);

    private async Task CreateAllAsync(CancellationToken cancellationToken)
    {
        try
        {
            var collections = connection.Collections();
            await CreateAsync(collections.Users, MongoIndexes.Users, cancellationToken);
            await CreateAsync(collections.Resets, MongoIndexes.Resets, cancellationToken);
            await CreateAsync(collections.Throttles, MongoIndexes.Throttles, cancellationToken);
            await CreateAsync(collections.Refusals, MongoIndexes.Refusals, cancellationToken);
            await CreateAsync(collections.SecondFactors, MongoIndexes.SecondFactors, cancellationToken);
            await CreateAsync(collections.SecondFactorChallenges, MongoIndexes.SecondFactorChallenges, cancellationToken);
            await CreateAsync(collections.Passkeys, MongoIndexes.Passkeys, cancellationToken);
            await CreateAsync(collections.PasskeyChallenges, MongoIndexes.Challenges, cancellationToken);
            Volatile.Write(ref _ready, true);
        }
        catch (MongoIndexConflictException ex)
        {
            Volatile.Write(ref _conflict, ex);
            throw;
        }
        catch (Exception ex)
        {
            Volatile.Write(ref _notReadyReason, connection.Explain(ex));
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

    private async Task KeepCreatingAsync(CancellationToken stopping)
    {
        var delay = FirstRetryDelay;
        while (!stopping.IsCancellationRequested)
        {
            try
            {
                await EnsureAsync(stopping);
                LogIndexesReady(logger, connection.DatabaseName);
                return;
            }
            catch (MongoIndexConflictException ex)
            {
                LogIndexConflict(logger, ex.InnerException!, ex.Collection, ex.Index, ex.Message);
                return;
            }
            catch (Exception ex) when (!stopping.IsCancellationRequested)
            {
                LogIndexesFailed(logger, ex, connection.Explain(ex), delay);
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
        await Task.Delay(FirstRetryDelay, clock, stopping);
        if (delay > FirstRetryDelay)
        {
            await Task.WhenAny(Task.Delay(delay - FirstRetryDelay, clock, stopping), wake.Task);
            stopping.ThrowIfCancellationRequested();
        }
    }

    [LoggerMessage(Level = LogLevel.Information, EventName = "MongoIndexesReady", Message = "MongoDB indexes are in place in database {Database}.")]
    private static partial void LogIndexesReady(ILogger logger, string database);

    [LoggerMessage(Level = LogLevel.Warning, EventName = "MongoIndexesFailed", Message = "MongoDB indexes could not be created ({Reason}); retrying in {Delay}.")]
    private static partial void LogIndexesFailed(ILogger logger, Exception exception, string reason, TimeSpan delay);

    [LoggerMessage(Level = LogLevel.Error, EventName = "MongoIndexConflict", Message = "MongoDB index {Index} on collection {Collection} conflicts with an existing one: {Reason}. The instance stays not ready.")]
    private static partial void LogIndexConflict(ILogger logger, Exception exception, string collection, string index, string reason);
}
