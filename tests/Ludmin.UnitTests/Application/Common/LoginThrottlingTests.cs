using Ludmin.Application.Common;
using Ludmin.Application.Common.Options;
using Ludmin.Domain.LoginThrottles;
using Ludmin.UnitTests.Support;
using Microsoft.Extensions.Time.Testing;
using Moq;

namespace Ludmin.UnitTests.Application.Common;

public sealed class LoginThrottlingTests
{
    private const string Key = "ann@example.com";

    private readonly Mock<ILoginThrottleRepository> _throttles = new();
    private readonly LoginThrottleOptions _options = new()
    {
        FreeFailures = 1,
        BaseDelay = TimeSpan.FromMinutes(1),
        MaxDelay = TimeSpan.FromMinutes(4),
        ForgetAfter = TimeSpan.FromHours(2),
    };

    private readonly FakeTimeProvider _clock = TestData.Clock();

    [Test]
    public async Task IsBlockedAsync_WhenNothingIsStored_IsFalse() =>
        Assert.That(await Throttling().IsBlockedAsync(Key, CancellationToken.None), Is.False);

    [Test]
    public async Task IsBlockedAsync_WhenTheStoredWaitIsNotOver_IsTrueUntilItIs()
    {
        Stored(LoginThrottle.Restore(Key, 3, TestData.Now, TestData.Now.AddSeconds(30), TestData.Now.AddHours(2), version: 3));

        Assert.That(await Throttling().IsBlockedAsync(Key, CancellationToken.None), Is.True);

        _clock.Advance(TimeSpan.FromSeconds(30));
        Assert.That(await Throttling().IsBlockedAsync(Key, CancellationToken.None), Is.False);
    }

    [Test]
    public async Task RecordFailureAsync_WhenEnabled_CountsInOneStoreOperationUnderTheOptionsPolicyAndNow()
    {
        _clock.Advance(TimeSpan.FromMinutes(3));

        await Throttling().RecordFailureAsync(Key, CancellationToken.None);

        _throttles.Verify(
            t => t.RecordFailureAsync(Key, TestData.Now.AddMinutes(3), new LoginThrottlePolicy(1, TimeSpan.FromMinutes(1), TimeSpan.FromMinutes(4), TimeSpan.FromHours(2)), It.IsAny<CancellationToken>()),
            Times.Once);
        _throttles.VerifyNoOtherCalls(); // no read and no guarded save, so no race to lose and no conflict to swallow
    }

    [Test]
    public void RecordFailureAsync_WhenTheStoreFails_LetsTheErrorThrough()
    {
        _throttles.Setup(t => t.RecordFailureAsync(Key, It.IsAny<DateTimeOffset>(), It.IsAny<LoginThrottlePolicy>(), It.IsAny<CancellationToken>()))
            .ThrowsAsync(new InvalidOperationException("disk full"));

        Assert.That(async () => await Throttling().RecordFailureAsync(Key, CancellationToken.None), Throws.InvalidOperationException);
    }

    [Test]
    public async Task ForgetAsync_WhenEnabled_DeletesTheAddressesThrottle()
    {
        await Throttling().ForgetAsync(Key, CancellationToken.None);

        _throttles.Verify(t => t.DeleteAsync(Key, It.IsAny<CancellationToken>()), Times.Once);
    }

    [Test]
    public async Task IsBlockedAsync_WhenDisabled_IsFalseWithoutReadingTheStore()
    {
        _options.Enabled = false;
        Stored(LoginThrottle.Restore(Key, 9, TestData.Now, TestData.Now.AddMinutes(4), TestData.Now.AddHours(2), version: 9));

        Assert.That(await Throttling().IsBlockedAsync(Key, CancellationToken.None), Is.False);
        _throttles.Verify(t => t.FindAsync(It.IsAny<string>(), It.IsAny<CancellationToken>()), Times.Never);
    }

    [Test]
    public async Task RecordFailureAsync_WhenDisabled_LeavesTheStoreAlone()
    {
        _options.Enabled = false;

        await Throttling().RecordFailureAsync(Key, CancellationToken.None);

        _throttles.VerifyNoOtherCalls();
    }

    [Test]
    public async Task ForgetAsync_WhenDisabled_LeavesTheStoreAlone()
    {
        _options.Enabled = false;

        await Throttling().ForgetAsync(Key, CancellationToken.None);

        _throttles.VerifyNoOtherCalls();
    }

    private LoginThrottle Stored(LoginThrottle throttle)
    {
        _throttles.Setup(t => t.FindAsync(throttle.Key, It.IsAny<CancellationToken>())).ReturnsAsync(throttle);
        return throttle;
    }

    private LoginThrottling Throttling() => new(_throttles.Object, _options, _clock);
}
