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
