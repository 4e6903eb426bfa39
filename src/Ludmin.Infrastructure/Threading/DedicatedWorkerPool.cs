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

    // Items admitted and not yet finished (running or waiting). BlockingCollection cannot be
    // bounded at zero, so the bound (threads + queue capacity) is kept here instead.
    private readonly int? _maxAdmitted;
    private readonly Action _finished;
    private int _admitted;
    private int _disposed;

    /// <param name="name">Thread name, as seen in dumps and profilers.</param>
    /// <param name="threadCount">How many items run at once.</param>
    /// <param name="queueCapacity">How many may wait; beyond that <see cref="TryRun{T}"/> refuses (null = unbounded).</param>
    /// <param name="createState">Runs once on each thread before it takes work.</param>
    /// <param name="release">Runs once on each thread when the pool is disposed.</param>
    public DedicatedWorkerPool(string name, int threadCount, int? queueCapacity, Func<TState> createState, Action<TState>? release = null)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(threadCount, 1);
        if (queueCapacity is { } capacity)
        {
            ArgumentOutOfRangeException.ThrowIfNegative(capacity, nameof(queueCapacity));
            _maxAdmitted = threadCount + capacity;
        }

        _queue = new BlockingCollection<IWorkItem>();
        _finished = () => Interlocked.Decrement(ref _admitted);
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

    /// <summary>Queues the work, or returns null at once when the queue is full.</summary>
    public Task<T>? TryRun<T>(Func<TState, T> work, CancellationToken cancellationToken)
    {
        // A lifted comparison: never true for an unbounded pool (null).
        if (Interlocked.Increment(ref _admitted) > _maxAdmitted)
        {
            _finished();
            return null;
        }

        var item = new WorkItem<T>(work, cancellationToken);
        try
        {
            _queue.Add(item);
            return item.Task;
        }
        catch (InvalidOperationException)
        {
            _finished();
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
                item.Execute(state, _finished);
            }
        }
        finally
        {
            _release?.Invoke(state);
        }
    }

    private interface IWorkItem
    {
        /// <summary>Runs the work and calls <paramref name="finished"/> before the caller can see the result, so a caller that goes on to queue more work finds its slot free.</summary>
        void Execute(TState state, Action finished);
    }

    private sealed class WorkItem<T>(Func<TState, T> work, CancellationToken cancellationToken) : IWorkItem
    {
        // Continuations run on the pool, never on our worker thread.
        private readonly TaskCompletionSource<T> _completion = new(TaskCreationOptions.RunContinuationsAsynchronously);

        public Task<T> Task => _completion.Task;

        public void Execute(TState state, Action finished)
        {
            if (cancellationToken.IsCancellationRequested)
            {
                finished();
                _completion.TrySetCanceled(cancellationToken);
                return;
            }

            T result;
            try
            {
                result = work(state);
            }
            catch (Exception ex)
            {
                finished();
                _completion.TrySetException(ex);
                return;
            }

            finished();
            _completion.TrySetResult(result);
        }
    }
}
