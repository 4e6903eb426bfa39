using Ludmin.Application.Common;
using Ludmin.Application.Common.Models;
using Ludmin.Application.Common.Ports;
using Ludmin.Application.Tokens.Login;
using Ludmin.Domain.Common;
using Ludmin.Domain.LoginThrottles;
using Ludmin.Domain.Users;
using Ludmin.UnitTests.Support;
using Moq;

namespace Ludmin.UnitTests.Application.Tokens;

/// <summary>The login handler with the failed-login slow-down of the address in the store.</summary>
public sealed class LoginHandlerThrottlingTests
{
    private const string Password = "correct horse";
    private const string WrongPassword = "wrong password";
    private const string Key = "ann@example.com";

    private readonly HandlerFixture _fixture = new();
    private readonly DeviceId _device = DeviceId.New();
    private readonly User _user = TestData.User("Ann@Example.com", "stored-hash");

    /// <summary>What the store holds, as the handler's last failure left it.</summary>
    private LoginThrottle? _stored;

    public LoginHandlerThrottlingTests()
    {
        _fixture.ThrottleOptions.FreeFailures = 3;
        _fixture.ThrottleOptions.BaseDelay = TimeSpan.FromSeconds(10);
        _fixture.ThrottleOptions.MaxDelay = TimeSpan.FromMinutes(2);
        _fixture.ThrottleOptions.ForgetAfter = TimeSpan.FromHours(1);
        _fixture.Stored(_user);
        _fixture.PasswordIs(_user, Password);
        _fixture.IssuesUserTokens();
        _fixture.Throttles.Setup(t => t.FindAsync(It.IsAny<string>(), It.IsAny<CancellationToken>()))
            .ReturnsAsync((string key, CancellationToken _) => _stored?.Key == key ? _stored : null);
        // The store counts by the domain's rule in one operation, as both adapters do.
        _fixture.Throttles.Setup(t => t.RecordFailureAsync(It.IsAny<string>(), It.IsAny<DateTimeOffset>(), It.IsAny<LoginThrottlePolicy>(), It.IsAny<CancellationToken>()))
            .Callback<string, DateTimeOffset, LoginThrottlePolicy, CancellationToken>((key, now, policy, _) =>
            {
                var throttle = _stored?.Key == key ? Copy(_stored, _stored.Version) : LoginThrottle.Start(key);
                throttle.RecordFailure(now, policy);
                _stored = Copy(throttle, throttle.Version + 1);
            })
            .Returns(Task.CompletedTask);
        _fixture.Throttles.Setup(t => t.DeleteAsync(It.IsAny<string>(), It.IsAny<CancellationToken>()))
            .Callback<string, CancellationToken>((key, _) => _stored = _stored?.Key == key ? null : _stored)
            .Returns(Task.CompletedTask);
    }

    [Test]
    public void Handle_WhenAddressIsBlocked_RefusesEvenTheRightPasswordWithInvalidCredentials()
    {
        Block();

        Assert.That(async () => await Login(Password), Refused.With(Errors.InvalidCredentials));

        Assert.That(_user.Devices, Is.Empty);
        _fixture.Users.Verify(u => u.UpdateAsync(It.IsAny<User>(), It.IsAny<CancellationToken>()), Times.Never);
        _fixture.Tokens.Verify(t => t.IssueForUser(It.IsAny<User>(), It.IsAny<DeviceId>()), Times.Never);
    }

    [Test]
    public void Handle_WhenAddressIsBlocked_StillSpendsAHashSoTheAnswerTakesAsLong()
    {
        Block();

        Assert.That(async () => await Login(Password), Refused.With(Errors.InvalidCredentials));

        _fixture.Hasher.Verify(h => h.VerifyAsync(Password, _user.PasswordHash, It.IsAny<CancellationToken>()), Times.Once);
    }

    [Test]
    public void Handle_WhenBlockedAddressIsNobodys_StillSpendsAHash()
    {
        _stored = Blocked("nobody@example.com");

        Assert.That(async () => await Login(Password, "nobody@example.com"), Refused.With(Errors.InvalidCredentials));

        _fixture.Hasher.Verify(h => h.SimulateVerifyAsync(Password, It.IsAny<CancellationToken>()), Times.Once);
        Assert.That(_stored!.Failures, Is.EqualTo(4), "nothing counted while blocked");
        _fixture.Events.Verify(e => e.LoginFailed(null, _device, LoginFailure.Throttled, It.IsAny<string>()), Times.Once);
    }

    [Test]
    public void Handle_WhenAddressIsBlocked_CountsNoFurtherFailureAndReportsAThrottledLogin()
    {
        var blocked = Block();

        Assert.That(async () => await Login(WrongPassword), Refused.With(Errors.InvalidCredentials));
        Assert.That(async () => await Login(Password), Refused.With(Errors.InvalidCredentials));

        Assert.Multiple(() =>
        {
            Assert.That(_stored!.Failures, Is.EqualTo(blocked.Failures), "nothing counted while blocked");
            Assert.That(_stored.BlockedUntil, Is.EqualTo(blocked.BlockedUntil), "the wait stays what it was");
        });
        _fixture.Throttles.Verify(t => t.DeleteAsync(It.IsAny<string>(), It.IsAny<CancellationToken>()), Times.Never);
        _fixture.Events.Verify(e => e.LoginFailed(_user.Id, _device, LoginFailure.Throttled, It.IsAny<string>()), Times.Exactly(2));
        _fixture.Events.Verify(e => e.LoginSucceeded(It.IsAny<UserId>(), It.IsAny<DeviceId>(), It.IsAny<string>()), Times.Never);
    }

    [Test]
    public void Handle_WhenPasswordIsWrong_RecordsAFailureForTheNormalizedAddress()
    {
        Assert.That(async () => await Login(WrongPassword, " ANN@example.COM "), Refused.With(Errors.InvalidCredentials));

        Assert.That(_stored, Is.Not.Null);
        Assert.Multiple(() =>
        {
            Assert.That(_stored!.Key, Is.EqualTo(Key));
            Assert.That(_stored.Failures, Is.EqualTo(1));
            Assert.That(_stored.LastFailureAt, Is.EqualTo(TestData.Now));
        });
        _fixture.Throttles.Verify(t => t.RecordFailureAsync(Key, TestData.Now, _fixture.ThrottleOptions.ToPolicy(), It.IsAny<CancellationToken>()), Times.Once);
    }

    [Test]
    public void Handle_WhenEmailIsUnknown_RecordsAFailureForThatAddressToo()
    {
        Assert.That(async () => await Login(Password, "Nobody@Example.com"), Refused.With(Errors.InvalidCredentials));

        Assert.That(_stored?.Key, Is.EqualTo("nobody@example.com"));
        Assert.That(_stored?.Failures, Is.EqualTo(1));
    }

    [Test]
    public void Handle_WhenTheFreeFailuresAreUsedUp_RefusesTheRightPasswordUntilTheWaitIsOver()
    {
        for (var i = 0; i < _fixture.ThrottleOptions.FreeFailures; i++)
        {
            Assert.That(async () => await Login(WrongPassword), Refused.With(Errors.InvalidCredentials));
        }

        _fixture.Clock.Advance(_fixture.ThrottleOptions.BaseDelay - TimeSpan.FromMilliseconds(1));
        Assert.That(async () => await Login(Password), Refused.With(Errors.InvalidCredentials));

        _fixture.Clock.Advance(TimeSpan.FromMilliseconds(1));
        Assert.That(async () => await Login(Password), Throws.Nothing);
        Assert.That(_user.Devices.Select(d => d.DeviceId), Does.Contain(_device));
    }

    [Test]
    public async Task Handle_WhenCredentialsAreRight_ForgetsTheAddressesFailures()
    {
        _stored = LoginThrottle.Restore(Key, 2, TestData.Now, TestData.Now, TestData.Now.AddHours(1), version: 2);

        var result = await Login(Password, "ANN@example.com");

        Assert.That(result.Type, Is.EqualTo(TokenKind.Login));
        Assert.That(_stored, Is.Null);
        _fixture.Throttles.Verify(t => t.DeleteAsync(Key, It.IsAny<CancellationToken>()), Times.Once);
        _fixture.Throttles.Verify(t => t.RecordFailureAsync(It.IsAny<string>(), It.IsAny<DateTimeOffset>(), It.IsAny<LoginThrottlePolicy>(), It.IsAny<CancellationToken>()), Times.Never);
    }

    [Test]
    public async Task Handle_WhenTheWaitIsOver_LogsInAndForgetsTheFailures()
    {
        var blocked = Block();
        _fixture.Clock.SetUtcNow(blocked.BlockedUntil);

        var result = await Login(Password);

        Assert.That(result.UserId, Is.EqualTo(_user.Id.Value));
        Assert.That(_stored, Is.Null);
    }

    [Test]
    public void Handle_WhenAFailureIsCounted_LeavesItToTheStoresOneOperationWithNoSaveToLoseARace()
    {
        Assert.That(async () => await Login(WrongPassword), Refused.With(Errors.InvalidCredentials));
        Assert.That(async () => await Login(Password, "nobody@example.com"), Refused.With(Errors.InvalidCredentials));

        _fixture.Throttles.Verify(t => t.RecordFailureAsync(Key, TestData.Now, _fixture.ThrottleOptions.ToPolicy(), It.IsAny<CancellationToken>()), Times.Once);
        _fixture.Throttles.Verify(t => t.RecordFailureAsync("nobody@example.com", TestData.Now, _fixture.ThrottleOptions.ToPolicy(), It.IsAny<CancellationToken>()), Times.Once);
        _fixture.Throttles.Verify(t => t.SaveAsync(It.IsAny<LoginThrottle>(), It.IsAny<CancellationToken>()), Times.Never);
    }

    [Test]
    public void Handle_WhenTheStoreCannotCount_LetsItsErrorThroughRatherThanLoseTheFailure()
    {
        _fixture.Throttles.Setup(t => t.RecordFailureAsync(Key, It.IsAny<DateTimeOffset>(), It.IsAny<LoginThrottlePolicy>(), It.IsAny<CancellationToken>()))
            .ThrowsAsync(new InvalidOperationException("store down"));

        Assert.That(async () => await Login(WrongPassword), Throws.InvalidOperationException);
    }

    [Test]
    public void Handle_WhenAnAddressHasFailedForHoursUnderALongBaseDelay_StillAnswersInvalidCredentials()
    {
        _fixture.ThrottleOptions.BaseDelay = TimeSpan.FromHours(1);
        _fixture.ThrottleOptions.MaxDelay = TimeSpan.FromHours(1);
        _fixture.ThrottleOptions.ForgetAfter = TimeSpan.FromHours(12);
        _stored = LoginThrottle.Restore(Key, 40, TestData.Now.AddHours(-1), TestData.Now, TestData.Now.AddHours(11), version: 40);

        Assert.That(async () => await Login(WrongPassword), Refused.With(Errors.InvalidCredentials));

        Assert.That(_stored.Failures, Is.EqualTo(41));
        Assert.That(_stored.BlockedUntil, Is.EqualTo(TestData.Now.AddHours(1)));
    }

    [Test]
    public async Task Handle_WhenThrottlingIsDisabled_NeverTouchesTheStore()
    {
        _fixture.ThrottleOptions.Enabled = false;
        Block();

        Assert.That(async () => await Login(WrongPassword), Refused.With(Errors.InvalidCredentials));
        Assert.That(async () => await Login(Password, "nobody@example.com"), Refused.With(Errors.InvalidCredentials));
        var result = await Login(Password);

        Assert.That(result.Type, Is.EqualTo(TokenKind.Login), "a stored block is not looked at");
        _fixture.Throttles.VerifyNoOtherCalls();
    }

    private Task<TokenResult> Login(string password, string email = Key) =>
        new LoginHandler(_fixture.Users.Object, _fixture.Hasher.Object, _fixture.Tokens.Object, _fixture.Throttles.Object, _fixture.ThrottleOptions, _fixture.Events.Object, _fixture.Clock)
            .Handle(new LoginCommand(Caller.Public(_device), email, password, "Pixel"), CancellationToken.None).AsTask();

    /// <summary>Stores a throttle that keeps Ann's address waiting for a while from now.</summary>
    private LoginThrottle Block() => _stored = Blocked(Key);

    private static LoginThrottle Copy(LoginThrottle throttle, long version) =>
        LoginThrottle.Restore(throttle.Key, throttle.Failures, throttle.LastFailureAt, throttle.BlockedUntil, throttle.ExpiresAt, version);

    private LoginThrottle Blocked(string key) =>
        LoginThrottle.Restore(key, 4, _fixture.Clock.GetUtcNow(), _fixture.Clock.GetUtcNow().AddSeconds(20), _fixture.Clock.GetUtcNow().AddHours(1), version: 4);
}
