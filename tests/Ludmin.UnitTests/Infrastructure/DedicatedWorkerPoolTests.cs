using Ludmin.Infrastructure.Threading;

namespace Ludmin.UnitTests.Infrastructure;

public sealed class DedicatedWorkerPoolTests : IDisposable
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(30);
    private readonly ManualResetEventSlim _started = new();
    private readonly ManualResetEventSlim _release = new();
    private readonly List<IDisposable> _pools = [];

    [Test]
    public async Task TryRun_WhenNoQueueAndTheOnlyWorkerIsBusy_RefusesUntilItIsFree()
    {
        var pool = Pool(threads: 1, queueCapacity: 0);
        var blocking = pool.TryRun(_ => Block(), CancellationToken.None);
        Assert.That(_started.Wait(Patience), Is.True);

        var refused = pool.TryRun(_ => 2, CancellationToken.None);
        _release.Set();
        Assert.That(await blocking!, Is.EqualTo(1));
        var admitted = pool.TryRun(_ => 3, CancellationToken.None);

        Assert.That(refused, Is.Null);
        Assert.That(admitted, Is.Not.Null);
        Assert.That(await admitted!, Is.EqualTo(3));
    }

    [Test]
    public async Task TryRun_WhenQueueHoldsOneAndTheWorkerIsBusy_AdmitsOneMoreThenRefuses()
    {
        var pool = Pool(threads: 1, queueCapacity: 1);
        var blocking = pool.TryRun(_ => Block(), CancellationToken.None);
        Assert.That(_started.Wait(Patience), Is.True);

        var waiting = pool.TryRun(_ => 2, CancellationToken.None);
        var refused = pool.TryRun(_ => 3, CancellationToken.None);
        _release.Set();

        Assert.That(waiting, Is.Not.Null);
        Assert.That(refused, Is.Null);
        Assert.That(await blocking!, Is.EqualTo(1));
        Assert.That(await waiting!, Is.EqualTo(2));
    }

    [Test]
    public async Task TryRun_WhenOneCallerRunsWorkAfterWork_NeverRefusesIt()
    {
        var pool = Pool(threads: 1, queueCapacity: 0);

        for (var i = 0; i < 500; i++)
        {
            var task = pool.TryRun(_ => i, CancellationToken.None);
            Assert.That(task, Is.Not.Null, $"refused at run {i}");
            Assert.That(await task!, Is.EqualTo(i));
        }
    }

    [Test]
    public async Task TryRun_WhenWorkThrows_FreesItsSlotAndReportsTheException()
    {
        var pool = Pool(threads: 1, queueCapacity: 0);

        var failing = pool.TryRun<int>(_ => throw new InvalidOperationException("boom"), CancellationToken.None);
        Assert.That(async () => await failing!, Throws.InvalidOperationException.With.Message.EqualTo("boom"));
        var next = pool.TryRun(_ => 7, CancellationToken.None);

        Assert.That(next, Is.Not.Null);
        Assert.That(await next!, Is.EqualTo(7));
    }

    [Test]
    public async Task TryRun_WhenUnbounded_AdmitsEverything()
    {
        var pool = Pool(threads: 1, queueCapacity: null);
        var blocking = pool.TryRun(_ => Block(), CancellationToken.None);
        Assert.That(_started.Wait(Patience), Is.True);

        var queued = Enumerable.Range(0, 100).Select(i => pool.TryRun(_ => i, CancellationToken.None)).ToList();
        _release.Set();

        Assert.That(queued, Has.None.Null);
        Assert.That(await blocking!, Is.EqualTo(1));
        Assert.That(await Task.WhenAll(queued.Select(t => t!)), Is.EqualTo(Enumerable.Range(0, 100)));
    }

    [Test]
    public void Constructor_WhenQueueCapacityIsNegative_Refuses() =>
        Assert.That(() => Pool(threads: 1, queueCapacity: -1), Throws.TypeOf<ArgumentOutOfRangeException>());

    public void Dispose()
    {
        _release.Set();
        foreach (var pool in _pools)
        {
            pool.Dispose();
        }

        _started.Dispose();
        _release.Dispose();
    }

    private int Block()
    {
        _started.Set();
        _release.Wait(Patience);
        return 1;
    }

    private DedicatedWorkerPool<object> Pool(int threads, int? queueCapacity)
    {
        var pool = new DedicatedWorkerPool<object>("test", threads, queueCapacity, () => new object());
        _pools.Add(pool);
        return pool;
    }
}
