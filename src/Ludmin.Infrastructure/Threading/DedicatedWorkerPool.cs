using System.Collections.Concurrent;

namespace Ludmin.Infrastructure.Threading;

/// <summary>
/// A few threads of our own, outside the thread pool, that run blocking work (SQLite calls,
/// password hashing) for async callers. Request threads await a task and are never blocked;
/// the pool's threads stay free for the requests that do not need this work. Each thread owns
/// a state object (a database connection, say) that only it ever touches.
/// </summary>
internal sealed class DedicatedWorkerPool<TState> : IDisposable
    where TState : class
{
    private readonly BlockingCollection<IWorkItem> _queue;
    private readonly Thread[] _threads;
    private readonly Action<TState>? _release;
    private int _disposed;

    /// <param name="name">Thread name, as seen in dumps and profilers.</param>
    /// <param name="threadCount">How many items run at once.</param>
    /// <param name="queueCapacity">How many may wait; beyond that <see cref="TryRun{T}"/> refuses (null = unbounded).</param>
    /// <param name="createState">Runs once on each thread before it takes work.</param>
    /// <param name="release">Runs once on each thread when the pool is disposed.</param>
    public DedicatedWorkerPool(string name, int threadCount, int? queueCapacity, Func<TState> createState, Action<TState>? release = null)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(threadCount, 1);
        _queue = queueCapacity is { } capacity ? new BlockingCollection<IWorkItem>(capacity) : new BlockingCollection<IWorkItem>();
        _release = release;
        var started = new CountdownEvent(threadCount);
        Exception? startFailure = null;
        _threads = new Thread[threadCount];
        for (var i = 0; i < threadCount; i++)
        {
            _threads[i] = new Thread(() =>
            {
                TState state;
                try
                {
                    state = createState();
                }
                catch (Exception ex)
                {
                    startFailure = ex;
                    started.Signal();
                    return;
                }

                started.Signal();
                Loop(state);
            })
            {
                IsBackground = true,
                Name = $"{name}-{i}",
            };
            _threads[i].Start();
        }

        started.Wait();
        if (startFailure is not null)
        {
            _queue.CompleteAdding();
            throw new InvalidOperationException($"The {name} workers could not start: {startFailure.Message}", startFailure);
        }
    }

    public int Waiting => _queue.Count;

    /// <summary>Queues the work, or returns null at once when the queue is full.</summary>
    public Task<T>? TryRun<T>(Func<TState, T> work, CancellationToken cancellationToken)
    {
        var item = new WorkItem<T>(work, cancellationToken);
        try
        {
            return _queue.TryAdd(item) ? item.Task : null;
        }
        catch (InvalidOperationException)
        {
            throw new ObjectDisposedException(nameof(DedicatedWorkerPool<TState>));
        }
    }

    /// <summary>Queues the work, however long the queue (use with an unbounded pool).</summary>
    public Task<T> Run<T>(Func<TState, T> work, CancellationToken cancellationToken) =>
        TryRun(work, cancellationToken) ?? throw new InvalidOperationException("The work queue is full.");

    public void Dispose()
    {
        if (Interlocked.Exchange(ref _disposed, 1) == 1)
        {
            return;
        }

        _queue.CompleteAdding();
        foreach (var thread in _threads)
        {
            thread.Join(TimeSpan.FromSeconds(10));
        }

        _queue.Dispose();
    }

    private void Loop(TState state)
    {
        try
        {
            foreach (var item in _queue.GetConsumingEnumerable())
            {
                item.Execute(state);
            }
        }
        finally
        {
            _release?.Invoke(state);
        }
    }

    private interface IWorkItem
    {
        void Execute(TState state);
    }

    private sealed class WorkItem<T>(Func<TState, T> work, CancellationToken cancellationToken) : IWorkItem
    {
        // Continuations run on the pool, never on our worker thread.
        private readonly TaskCompletionSource<T> _completion = new(TaskCreationOptions.RunContinuationsAsynchronously);

        public Task<T> Task => _completion.Task;

        public void Execute(TState state)
        {
            if (cancellationToken.IsCancellationRequested)
            {
                _completion.TrySetCanceled(cancellationToken);
                return;
            }

            try
            {
                _completion.TrySetResult(work(state));
            }
            catch (Exception ex)
            {
                _completion.TrySetException(ex);
            }
        }
    }
}
