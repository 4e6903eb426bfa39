using Ludmin.Domain.LoginThrottles;

namespace Ludmin.UnitTests.Domain;

public sealed class LoginThrottlePolicyTests
{
    private static readonly LoginThrottlePolicy Policy = new(FreeFailures: 3, BaseDelay: TimeSpan.FromSeconds(10), MaxDelay: TimeSpan.FromMinutes(2), ForgetAfter: TimeSpan.FromHours(1));

    [TestCase(0)]
    [TestCase(1)]
    [TestCase(2)]
    public void DelayAfter_WhenFailuresAreStillFree_IsZero(int failures) =>
        Assert.That(Policy.DelayAfter(failures), Is.EqualTo(TimeSpan.Zero));

    [TestCase(3, 10)]
    [TestCase(4, 20)]
    [TestCase(5, 40)]
    [TestCase(6, 80)]
    public void DelayAfter_WhenFreeFailuresAreUsedUp_DoublesFromTheBaseDelay(int failures, int seconds) =>
        Assert.That(Policy.DelayAfter(failures), Is.EqualTo(TimeSpan.FromSeconds(seconds)));

    [TestCase(7)]
    [TestCase(8)]
    [TestCase(40)]
    [TestCase(int.MaxValue)]
    public void DelayAfter_WhenDoublingWouldPassTheMaximum_StopsAtTheMaximum(int failures) =>
        Assert.That(Policy.DelayAfter(failures), Is.EqualTo(TimeSpan.FromMinutes(2)));

    [TestCase(15, 31)]
    [TestCase(60, 29)]
    [TestCase(1440, 25)]
    [TestCase(1440, int.MaxValue)]
    public void DelayAfter_WhenALongBaseDelayWouldDoublePastTheLongestTimeSpan_IsTheMaximum(int baseMinutes, int failures)
    {
        // Valid settings (MaxDelay at least BaseDelay): only the doubling itself is out of range.
        var policy = new LoginThrottlePolicy(FreeFailures: 1, BaseDelay: TimeSpan.FromMinutes(baseMinutes), MaxDelay: TimeSpan.FromHours(36), ForgetAfter: TimeSpan.FromDays(2));

        Assert.That(policy.DelayAfter(failures), Is.EqualTo(TimeSpan.FromHours(36)));
    }

    [Test]
    public void DelayAfter_WhenUsingTheDefaults_WaitsFromTheFifthFailureOnAndCapsAtFifteenMinutes()
    {
        var policy = LoginThrottlePolicy.Default;

        Assert.Multiple(() =>
        {
            Assert.That(policy.DelayAfter(4), Is.EqualTo(TimeSpan.Zero));
            Assert.That(policy.DelayAfter(5), Is.EqualTo(TimeSpan.FromSeconds(30)));
            Assert.That(policy.DelayAfter(6), Is.EqualTo(TimeSpan.FromMinutes(1)));
            Assert.That(policy.DelayAfter(100), Is.EqualTo(TimeSpan.FromMinutes(15)));
            Assert.That(policy.ForgetAfter, Is.EqualTo(TimeSpan.FromHours(12)));
        });
    }
}
