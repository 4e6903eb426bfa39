using System.Diagnostics.Metrics;
using Ludmin.Infrastructure.Passwords;
using Ludmin.Infrastructure.Security;
using Ludmin.UnitTests.Support;
using Microsoft.Extensions.DependencyInjection;

namespace Ludmin.UnitTests.Infrastructure;

/// <summary>
/// Admission by expected wait: (hashes waiting ahead + 1) x average hash time ÷ lanes, once every
/// lane is taken; tickets are driven by hand here, so the queue is exactly what the test made.
/// </summary>
public sealed class HashAdmissionTests : IDisposable
{
    private readonly ServiceProvider _services = new ServiceCollection().AddMetrics().BuildServiceProvider();
    private readonly MeasurementCapture _measurements;
    private readonly LudminMetrics _metrics;

    public HashAdmissionTests()
    {
        var meters = _services.GetRequiredService<IMeterFactory>();
        _measurements = new MeasurementCapture(meters, LudminMetrics.MeterName);
        _metrics = new LudminMetrics(meters);
    }

    [Test]
    public void TryAdmit_WhileTheExpectedWaitStaysUnderTheLimit_AdmitsThenRefusesWithTheQueuesWaitAsRetryAfter()
    {
        // Two lanes, 1 s a hash, 10 s at most: the 2 lanes, then waiting hash k (0-based) expects
        // (k + 1) x 1 s ÷ 2, under 10 s for k up to 18: 21 admitted, the 22nd would wait 10 s.
        var admission = Admission(lanes: 2, maxWait: TimeSpan.FromSeconds(10), firstEstimate: TimeSpan.FromSeconds(1));

        var admitted = AdmitAll(admission, out var retryAfter);

        using (Assert.EnterMultipleScope())
        {
            Assert.That(admitted, Has.Count.EqualTo(21));
            Assert.That(retryAfter, Is.EqualTo(TimeSpan.FromSeconds(10)));
            Assert.That(_measurements.Sum("ludmin.password_hashes.queued"), Is.EqualTo(21));
            Assert.That(_measurements.Measurements.Where(m => m.Instrument == "ludmin.password_hashes.refused").Select(m => m.Tags["reason"]), Is.EqualTo(new[] { "wait" }));
        }
    }

    [Test]
    public void TryAdmit_WhenHashesAreFast_AdmitsALongerQueue()
    {
        var slow = AdmitAll(Admission(lanes: 2, maxWait: TimeSpan.FromSeconds(2), firstEstimate: TimeSpan.FromMilliseconds(100)), out _);
        var fast = AdmitAll(Admission(lanes: 2, maxWait: TimeSpan.FromSeconds(2), firstEstimate: TimeSpan.FromMilliseconds(10)), out _);

        // 2 s of 0.1 s hashes on 2 lanes: 2 running + 39 waiting; of 0.01 s hashes: 2 + 399.
        Assert.That((slow.Count, fast.Count), Is.EqualTo((41, 401)));
    }

    [Test]
    public void TryAdmit_AtTheShippedSettingsOnTwoLanes_TakesABurstOf100NativeHashesButNotOf100ManagedOnes()
    {
        // Per hash at the default cost on our 2 cores: libsodium 13.5 ms, Konscious 93 ms.
        var shipped = new PasswordHashingOptions();
        var native = AdmitAll(new HashAdmission(2, shipped.MaxHashWait, shipped.HashQueueLength, TimeSpan.FromMilliseconds(13.5), _metrics), out _);
        var managed = AdmitAll(new HashAdmission(2, shipped.MaxHashWait, shipped.HashQueueLength, TimeSpan.FromMilliseconds(93), _metrics), out _);

        // (k + 1) x 13.5 ms ÷ 2 under 2 s: 296 may wait; of 93 ms, 43.
        Assert.That((native.Count, managed.Count), Is.EqualTo((2 + 296, 2 + 43)));
    }

    [Test]
    public void TryAdmit_WhenTheQueueLengthCapIsReached_RefusesWhateverTheWait()
    {
        var admission = new HashAdmission(lanes: 1, TimeSpan.FromSeconds(2), maxWaiting: 3, TimeSpan.FromMilliseconds(1), _metrics);

        var admitted = AdmitAll(admission, out var retryAfter);

        using (Assert.EnterMultipleScope())
        {
            Assert.That(admitted, Has.Count.EqualTo(4), "one running, three waiting");
            Assert.That(retryAfter, Is.EqualTo(TimeSpan.FromSeconds(1)), "at least a second");
            Assert.That(_measurements.Measurements.Single(m => m.Instrument == "ludmin.password_hashes.refused").Tags["reason"], Is.EqualTo("queue_length"));
        }
    }

    [Test]
    public void Abandon_WhenTheHashNeverRan_GivesItsPlaceBack()
    {
        var admission = Admission(lanes: 1, maxWait: TimeSpan.FromSeconds(1), firstEstimate: TimeSpan.FromSeconds(0.6));
        var running = admission.TryAdmit(out _)!;
        var waiting = admission.TryAdmit(out _)!;
        Assert.That(admission.TryAdmit(out _), Is.Null, "a second one waiting would expect 1.2 s");

        waiting.Abandon();
        waiting.Abandon();

        using (Assert.EnterMultipleScope())
        {
            Assert.That(admission.TryAdmit(out _), Is.Not.Null);
            Assert.That(_measurements.Sum("ludmin.password_hashes.queued"), Is.EqualTo(2), "running's and the newcomer's");
            Assert.That(running, Is.Not.Null);
        }
    }

    [Test]
    public void Run_WhenAHashFinishes_FreesItsLaneCountsItAndMovesTheEstimateTowardItsTime()
    {
        var admission = Admission(lanes: 1, maxWait: TimeSpan.FromSeconds(2), firstEstimate: TimeSpan.FromSeconds(1));
        var ticket = admission.TryAdmit(out _)!;
        long runningDuringHash = -1;

        var result = ticket.Run(() =>
        {
            runningDuringHash = _measurements.Sum("ludmin.password_hashes.running");
            return [1, 2, 3];
        }, Argon2Engine.Native);
        ticket.Abandon();

        using (Assert.EnterMultipleScope())
        {
            Assert.That(result, Is.EqualTo(new byte[] { 1, 2, 3 }));
            Assert.That(runningDuringHash, Is.EqualTo(1));
            Assert.That(_measurements.Sum("ludmin.password_hashes.running"), Is.Zero);
            Assert.That(_measurements.Sum("ludmin.password_hashes.queued"), Is.Zero);
            Assert.That(_measurements.DoubleMeasurements.Select(m => m.Instrument), Is.EquivalentTo(new[] { "ludmin.password_hashes.wait_time", "ludmin.password_hashes.duration" }));
            Assert.That(_measurements.DoubleMeasurements.Single(m => m.Instrument == "ludmin.password_hashes.duration").Tags["engine"], Is.EqualTo("native"));

            // A near-instant hash pulls the 1 s estimate down by a fifth of the difference.
            Assert.That(admission.AverageHashTime.TotalSeconds, Is.InRange(0.79, 0.81));
        }
    }

    [Test]
    public void Run_WhenTheHashThrows_StillFreesTheLane()
    {
        var admission = Admission(lanes: 1, maxWait: TimeSpan.FromSeconds(1), firstEstimate: TimeSpan.FromSeconds(0.6));
        var ticket = admission.TryAdmit(out _)!;
        _ = admission.TryAdmit(out _)!;

        Assert.That(() => ticket.Run(() => throw new InvalidOperationException("out of memory"), Argon2Engine.Managed), Throws.InvalidOperationException);

        using (Assert.EnterMultipleScope())
        {
            Assert.That(admission.TryAdmit(out _), Is.Not.Null, "the failed hash's lane is free again");
            Assert.That(admission.AverageHashTime, Is.EqualTo(TimeSpan.FromSeconds(0.6)), "a failure is no measurement");
        }
    }

    public void Dispose()
    {
        _measurements.Dispose();
        _services.Dispose();
    }

    private static List<HashTicket> AdmitAll(HashAdmission admission, out TimeSpan retryAfter)
    {
        var admitted = new List<HashTicket>();
        while (admission.TryAdmit(out retryAfter) is { } ticket)
        {
            admitted.Add(ticket);
        }

        return admitted;
    }

    private HashAdmission Admission(int lanes, TimeSpan maxWait, TimeSpan firstEstimate) =>
        new(lanes, maxWait, maxWaiting: 10_000, firstEstimate, _metrics);
}
