using Ludmin.Application.Common;
using Ludmin.Application.Common.Options;
using Ludmin.Application.Tokens.Login;
using Ludmin.Domain.Common;
using Ludmin.Domain.LoginThrottles;
using Ludmin.UnitTests.Support;
using Microsoft.Extensions.Time.Testing;
using Moq;

namespace Ludmin.UnitTests.Application.Tokens;

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
    public async Task RecordFailureAsync_WhenNothingIsStored_SavesANewThrottleUnderTheOptionsPolicy()
    {
        LoginThrottle? saved = null;
        _throttles.Setup(t => t.SaveAsync(It.IsAny<LoginThrottle>(), It.IsAny<CancellationToken>()))
            .Callback<LoginThrottle, CancellationToken>((throttle, _) => saved = throttle)
            .Returns(Task.CompletedTask);

        await Throttling().RecordFailureAsync(Key, CancellationToken.None);

        Assert.That(saved, Is.Not.Null);
        Assert.Multiple(() =>
        {
            Assert.That(saved!.Key, Is.EqualTo(Key));
            Assert.That(saved.Version, Is.Zero, "a throttle not stored yet");
            Assert.That(saved.Failures, Is.EqualTo(1));
            Assert.That(saved.BlockedUntil, Is.EqualTo(TestData.Now.AddMinutes(1)), "one free failure, then the base delay");
            Assert.That(saved.ExpiresAt, Is.EqualTo(TestData.Now.AddHours(2)));
        });
    }

    [Test]
    public async Task RecordFailureAsync_WhenAThrottleIsStored_CountsOnTopOfIt()
    {
        var stored = Stored(LoginThrottle.Restore(Key, 1, TestData.Now, TestData.Now.AddMinutes(1), TestData.Now.AddHours(2), version: 1));
        _clock.Advance(TimeSpan.FromMinutes(1));

        await Throttling().RecordFailureAsync(Key, CancellationToken.None);

        Assert.That(stored.Failures, Is.EqualTo(2));
        Assert.That(stored.BlockedUntil, Is.EqualTo(TestData.Now.AddMinutes(3)));
        _throttles.Verify(t => t.SaveAsync(stored, It.IsAny<CancellationToken>()), Times.Once);
    }

    [Test]
    public async Task RecordFailureAsync_WhenAnotherFailureWasSavedFirst_CountsOnTheFreshRead()
    {
        var first = LoginThrottle.Restore(Key, 1, TestData.Now.AddHours(-1), TestData.Now.AddHours(-1), TestData.Now.AddHours(1), version: 1);
        var reread = LoginThrottle.Restore(Key, 2, TestData.Now.AddMinutes(-10), TestData.Now.AddMinutes(-8), TestData.Now.AddHours(1), version: 2);
        _throttles.SetupSequence(t => t.FindAsync(Key, It.IsAny<CancellationToken>()))
            .ReturnsAsync(first)
            .ReturnsAsync(reread);
        _throttles.SetupSequence(t => t.SaveAsync(It.IsAny<LoginThrottle>(), It.IsAny<CancellationToken>()))
            .ThrowsAsync(new ConcurrencyException("login throttle", Key))
            .Returns(Task.CompletedTask);

        await Throttling().RecordFailureAsync(Key, CancellationToken.None);

        Assert.That(reread.Failures, Is.EqualTo(3), "the other request's failure and this one");
        _throttles.Verify(t => t.SaveAsync(reread, It.IsAny<CancellationToken>()), Times.Once);
    }

    [Test]
    public void RecordFailureAsync_WhenEverySaveConflicts_GivesUpQuietlyAfterTheLastAttempt()
    {
        _throttles.Setup(t => t.SaveAsync(It.IsAny<LoginThrottle>(), It.IsAny<CancellationToken>()))
            .ThrowsAsync(new ConcurrencyException("login throttle", Key));

        Assert.That(async () => await Throttling().RecordFailureAsync(Key, CancellationToken.None), Throws.Nothing);
        _throttles.Verify(t => t.FindAsync(Key, It.IsAny<CancellationToken>()), Times.Exactly(ConflictRetry.MaxAttempts));
        _throttles.Verify(t => t.SaveAsync(It.IsAny<LoginThrottle>(), It.IsAny<CancellationToken>()), Times.Exactly(ConflictRetry.MaxAttempts));
    }

    [Test]
    public void RecordFailureAsync_WhenTheStoreFailsOtherwise_LetsTheErrorThrough()
    {
        _throttles.Setup(t => t.SaveAsync(It.IsAny<LoginThrottle>(), It.IsAny<CancellationToken>()))
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
