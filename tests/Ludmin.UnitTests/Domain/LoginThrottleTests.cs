using Ludmin.Domain.LoginThrottles;
using Ludmin.UnitTests.Support;

namespace Ludmin.UnitTests.Domain;

public sealed class LoginThrottleTests
{
    private const string Key = "ann@example.com";

    private static readonly LoginThrottlePolicy Policy = new(FreeFailures: 3, BaseDelay: TimeSpan.FromSeconds(10), MaxDelay: TimeSpan.FromMinutes(2), ForgetAfter: TimeSpan.FromHours(1));

    [Test]
    public void Start_WhenCalled_HasNoFailuresAndBlocksNothing()
    {
        var throttle = LoginThrottle.Start(Key);

        Assert.Multiple(() =>
        {
            Assert.That(throttle.Key, Is.EqualTo(Key));
            Assert.That(throttle.Failures, Is.Zero);
            Assert.That(throttle.Version, Is.Zero);
            Assert.That(throttle.IsBlocked(TestData.Now), Is.False);
        });
    }

    [TestCase("")]
    [TestCase(" ")]
    public void Start_WhenKeyIsBlank_Refuses(string key) =>
        Assert.That(() => LoginThrottle.Start(key), Throws.ArgumentException);

    [Test]
    public void Restore_WhenCalled_KeepsEveryMember()
    {
        var throttle = LoginThrottle.Restore(Key, 4, TestData.Now, TestData.Now.AddSeconds(20), TestData.Now.AddHours(1), version: 9);

        Assert.Multiple(() =>
        {
            Assert.That(throttle.Key, Is.EqualTo(Key));
            Assert.That(throttle.Failures, Is.EqualTo(4));
            Assert.That(throttle.LastFailureAt, Is.EqualTo(TestData.Now));
            Assert.That(throttle.BlockedUntil, Is.EqualTo(TestData.Now.AddSeconds(20)));
            Assert.That(throttle.ExpiresAt, Is.EqualTo(TestData.Now.AddHours(1)));
            Assert.That(throttle.Version, Is.EqualTo(9));
        });
    }

    [Test]
    public void RecordFailure_WhenFailuresAreStillFree_CountsThemWithoutBlocking()
    {
        var throttle = LoginThrottle.Start(Key);

        throttle.RecordFailure(TestData.Now, Policy);
        throttle.RecordFailure(TestData.Now.AddSeconds(1), Policy);

        Assert.Multiple(() =>
        {
            Assert.That(throttle.Failures, Is.EqualTo(2));
            Assert.That(throttle.LastFailureAt, Is.EqualTo(TestData.Now.AddSeconds(1)));
            Assert.That(throttle.IsBlocked(TestData.Now.AddSeconds(1)), Is.False);
        });
    }

    [Test]
    public void RecordFailure_WhenTheFreeFailuresAreUsedUp_BlocksForTheBaseDelay()
    {
        var throttle = Failed(times: 3, at: TestData.Now);

        Assert.Multiple(() =>
        {
            Assert.That(throttle.Failures, Is.EqualTo(3));
            Assert.That(throttle.BlockedUntil, Is.EqualTo(TestData.Now.AddSeconds(10)));
            Assert.That(throttle.IsBlocked(TestData.Now.AddSeconds(10).AddMilliseconds(-1)), Is.True);
            Assert.That(throttle.IsBlocked(TestData.Now.AddSeconds(10)), Is.False, "the wait is over at BlockedUntil");
        });
    }

    [Test]
    public void RecordFailure_WhenEachFailureComesAfterTheWait_DoublesTheWaitUpToTheMaximum()
    {
        var throttle = Failed(times: 3, at: TestData.Now);
        var waits = new List<TimeSpan>();

        for (var i = 0; i < 5; i++)
        {
            var at = throttle.BlockedUntil;
            throttle.RecordFailure(at, Policy);
            waits.Add(throttle.BlockedUntil - at);
        }

        Assert.That(waits, Is.EqualTo(new[] { 20, 40, 80, 120, 120 }.Select(s => TimeSpan.FromSeconds(s))));
        Assert.That(throttle.Failures, Is.EqualTo(8));
    }

    [Test]
    public void RecordFailure_WhenBlocked_IsNotCountedAndDoesNotProlongTheWait()
    {
        var throttle = Failed(times: 3, at: TestData.Now);

        throttle.RecordFailure(TestData.Now.AddSeconds(5), Policy);
        throttle.RecordFailure(TestData.Now.AddSeconds(9), Policy);

        Assert.Multiple(() =>
        {
            Assert.That(throttle.Failures, Is.EqualTo(3));
            Assert.That(throttle.LastFailureAt, Is.EqualTo(TestData.Now));
            Assert.That(throttle.BlockedUntil, Is.EqualTo(TestData.Now.AddSeconds(10)));
            Assert.That(throttle.ExpiresAt, Is.EqualTo(TestData.Now.AddHours(1)));
        });
    }

    [Test]
    public void RecordFailure_WhenTheLastFailureIsForgetAfterAgo_StartsTheCountOver()
    {
        var throttle = Failed(times: 3, at: TestData.Now);

        throttle.RecordFailure(TestData.Now.AddHours(1), Policy);

        Assert.Multiple(() =>
        {
            Assert.That(throttle.Failures, Is.EqualTo(1));
            Assert.That(throttle.IsBlocked(TestData.Now.AddHours(1)), Is.False);
        });
    }

    [Test]
    public void RecordFailure_WhenTheLastFailureIsJustUnderForgetAfterAgo_KeepsCounting()
    {
        var throttle = Failed(times: 3, at: TestData.Now);
        var at = TestData.Now.AddHours(1).AddMilliseconds(-1);

        throttle.RecordFailure(at, Policy);

        Assert.Multiple(() =>
        {
            Assert.That(throttle.Failures, Is.EqualTo(4));
            Assert.That(throttle.BlockedUntil, Is.EqualTo(at.AddSeconds(20)));
        });
    }

    [Test]
    public void RecordFailure_WhenCounted_ExpiresForgetAfterTheLastFailure()
    {
        var throttle = LoginThrottle.Start(Key);

        throttle.RecordFailure(TestData.Now, Policy);
        Assert.That(throttle.ExpiresAt, Is.EqualTo(TestData.Now.AddHours(1)));

        throttle.RecordFailure(TestData.Now.AddMinutes(7), Policy);
        Assert.That(throttle.ExpiresAt, Is.EqualTo(TestData.Now.AddMinutes(7).AddHours(1)));
    }

    [Test]
    public void RecordFailure_WhenTheMomentHasSubMillisecondTicks_KeepsWholeMillisecondsInUtc()
    {
        var throttle = LoginThrottle.Start(Key);
        var local = new DateTimeOffset(TestData.Now.AddTicks(7).DateTime.AddHours(2), TimeSpan.FromHours(2));

        throttle.RecordFailure(local, Policy);

        Assert.Multiple(() =>
        {
            Assert.That(throttle.LastFailureAt, Is.EqualTo(TestData.Now));
            Assert.That(throttle.LastFailureAt.Offset, Is.EqualTo(TimeSpan.Zero));
            Assert.That(throttle.ExpiresAt.Offset, Is.EqualTo(TimeSpan.Zero));
        });
    }

    [Test]
    public void RecordFailure_WhenCalled_LeavesTheVersionToTheStore()
    {
        var throttle = LoginThrottle.Restore(Key, 1, TestData.Now, TestData.Now, TestData.Now.AddHours(1), version: 3);

        throttle.RecordFailure(TestData.Now.AddMinutes(1), Policy);

        Assert.That(throttle.Version, Is.EqualTo(3), "the stored version the save is guarded by");
    }

    [Test]
    public void RecordFailure_WhenFailuresGoOnLongAfterTheMaximumWaitWasReached_KeepsWaitingTheMaximum()
    {
        var policy = new LoginThrottlePolicy(FreeFailures: 1, BaseDelay: TimeSpan.FromHours(1), MaxDelay: TimeSpan.FromHours(1), ForgetAfter: TimeSpan.FromHours(12));
        var throttle = LoginThrottle.Start(Key);

        for (var i = 0; i < 40; i++)
        {
            throttle.RecordFailure(i == 0 ? TestData.Now : throttle.BlockedUntil, policy);
        }

        Assert.That(throttle.Failures, Is.EqualTo(40));
        Assert.That(throttle.BlockedUntil - throttle.LastFailureAt, Is.EqualTo(TimeSpan.FromHours(1)));
    }

    private static LoginThrottle Failed(int times, DateTimeOffset at)
    {
        var throttle = LoginThrottle.Start(Key);
        for (var i = 0; i < times; i++)
        {
            throttle.RecordFailure(at, Policy);
        }

        return throttle;
    }

    [Test]
    public void RecordFailure_WhenForgetAfterIsShorterThanTheDelay_ExpiresNoEarlierThanTheBlock()
    {
        // A policy the start refuses, but stores may hold throttles written under it: the record
        // must outlive its block, or the block vanishes with it.
        var policy = new LoginThrottlePolicy(FreeFailures: 1, BaseDelay: TimeSpan.FromMinutes(15), MaxDelay: TimeSpan.FromMinutes(15), ForgetAfter: TimeSpan.FromMinutes(5));
        var throttle = LoginThrottle.Start(Key);

        throttle.RecordFailure(TestData.Now, policy);

        Assert.Multiple(() =>
        {
            Assert.That(throttle.BlockedUntil, Is.EqualTo(TestData.Now.AddMinutes(15)));
            Assert.That(throttle.ExpiresAt, Is.EqualTo(throttle.BlockedUntil));
        });
    }
}
