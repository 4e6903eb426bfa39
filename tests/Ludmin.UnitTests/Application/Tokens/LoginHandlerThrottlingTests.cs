using Ludmin.Application.Common;
using Ludmin.Application.Common.Models;
using Ludmin.Application.Common.Options;
using Ludmin.Application.Common.Ports;
using Ludmin.Application.Tokens.Login;
using Ludmin.Domain.Common;
using Ludmin.Domain.LoginThrottles;
using Ludmin.Domain.Users;
using Ludmin.UnitTests.Support;
using Microsoft.Extensions.Time.Testing;
using Moq;

namespace Ludmin.UnitTests.Application.Tokens;

/// <summary>The login handler with the failed-login slow-down of the address in the store.</summary>
public sealed class LoginHandlerThrottlingTests
{
    private const string Password = "correct horse";
    private const string WrongPassword = "wrong password";
    private const string Key = "ann@example.com";

    private readonly Mock<IUserRepository> _users = new();
    private readonly Mock<IPasswordHasher> _hasher = new();
    private readonly Mock<ITokenIssuer> _tokens = new();
    private readonly Mock<ILoginThrottleRepository> _throttles = new();
    private readonly Mock<ISecurityEvents> _events = new();
    private readonly LoginThrottleOptions _options = new()
    {
        FreeFailures = 3,
        BaseDelay = TimeSpan.FromSeconds(10),
        MaxDelay = TimeSpan.FromMinutes(2),
        ForgetAfter = TimeSpan.FromHours(1),
    };

    private readonly FakeTimeProvider _clock = TestData.Clock();
    private readonly DeviceId _device = DeviceId.New();
    private readonly User _user = TestData.User("Ann@Example.com", "stored-hash");

    /// <summary>What the store holds, as the handler last saved it.</summary>
    private LoginThrottle? _stored;

    public LoginHandlerThrottlingTests()
    {
        _users.Setup(u => u.FindByEmailAsync(It.Is<EmailAddress>(e => e.SameAddressAs(_user.CurrentEmail)), It.IsAny<CancellationToken>()))
            .ReturnsAsync(_user);
        _hasher.Setup(h => h.VerifyAsync(It.IsAny<string>(), _user.PasswordHash, It.IsAny<CancellationToken>()))
            .ReturnsAsync(PasswordVerification.Failed);
        _hasher.Setup(h => h.VerifyAsync(Password, _user.PasswordHash, It.IsAny<CancellationToken>()))
            .ReturnsAsync(PasswordVerification.Succeeded);
        _tokens.Setup(t => t.IssueForUser(It.IsAny<User>(), It.IsAny<DeviceId>()))
            .Returns(new IssuedToken("user-jwt", TestData.Now.AddMinutes(5)));
        _throttles.Setup(t => t.FindAsync(It.IsAny<string>(), It.IsAny<CancellationToken>()))
            .ReturnsAsync((string key, CancellationToken _) => _stored?.Key == key ? _stored : null);
        _throttles.Setup(t => t.SaveAsync(It.IsAny<LoginThrottle>(), It.IsAny<CancellationToken>()))
            .Callback<LoginThrottle, CancellationToken>((saved, _) => _stored = LoginThrottle.Restore(
                saved.Key, saved.Failures, saved.LastFailureAt, saved.BlockedUntil, saved.ExpiresAt, saved.Version + 1))
            .Returns(Task.CompletedTask);
        _throttles.Setup(t => t.DeleteAsync(It.IsAny<string>(), It.IsAny<CancellationToken>()))
            .Callback<string, CancellationToken>((key, _) => _stored = _stored?.Key == key ? null : _stored)
            .Returns(Task.CompletedTask);
    }

    [Test]
    public void Handle_WhenAddressIsBlocked_RefusesEvenTheRightPasswordWithInvalidCredentials()
    {
        Block();

        Assert.That(async () => await Login(Password), Refused.With(Errors.InvalidCredentials));

        Assert.That(_user.Devices, Is.Empty);
        _users.Verify(u => u.UpdateAsync(It.IsAny<User>(), It.IsAny<CancellationToken>()), Times.Never);
        _tokens.Verify(t => t.IssueForUser(It.IsAny<User>(), It.IsAny<DeviceId>()), Times.Never);
    }

    [Test]
    public void Handle_WhenAddressIsBlocked_StillSpendsAHashSoTheAnswerTakesAsLong()
    {
        Block();

        Assert.That(async () => await Login(Password), Refused.With(Errors.InvalidCredentials));

        _hasher.Verify(h => h.VerifyAsync(Password, _user.PasswordHash, It.IsAny<CancellationToken>()), Times.Once);
    }

    [Test]
    public void Handle_WhenBlockedAddressIsNobodys_StillSpendsAHash()
    {
        _stored = Blocked("nobody@example.com");

        Assert.That(async () => await Login(Password, "nobody@example.com"), Refused.With(Errors.InvalidCredentials));

        _hasher.Verify(h => h.SimulateVerifyAsync(Password, It.IsAny<CancellationToken>()), Times.Once);
        _throttles.Verify(t => t.SaveAsync(It.IsAny<LoginThrottle>(), It.IsAny<CancellationToken>()), Times.Never);
        _events.Verify(e => e.LoginFailed(null, _device, LoginFailure.Throttled, It.IsAny<string>()), Times.Once);
    }

    [Test]
    public void Handle_WhenAddressIsBlocked_RecordsNoFurtherFailureAndReportsAThrottledLogin()
    {
        var blocked = Block();

        Assert.That(async () => await Login(WrongPassword), Refused.With(Errors.InvalidCredentials));
        Assert.That(async () => await Login(Password), Refused.With(Errors.InvalidCredentials));

        Assert.That(_stored, Is.SameAs(blocked), "the wait stays what it was");
        _throttles.Verify(t => t.SaveAsync(It.IsAny<LoginThrottle>(), It.IsAny<CancellationToken>()), Times.Never);
        _throttles.Verify(t => t.DeleteAsync(It.IsAny<string>(), It.IsAny<CancellationToken>()), Times.Never);
        _events.Verify(e => e.LoginFailed(_user.Id, _device, LoginFailure.Throttled, It.IsAny<string>()), Times.Exactly(2));
        _events.Verify(e => e.LoginSucceeded(It.IsAny<UserId>(), It.IsAny<DeviceId>(), It.IsAny<string>()), Times.Never);
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
        _throttles.Verify(t => t.SaveAsync(It.Is<LoginThrottle>(s => s.Key == Key && s.Version == 0), It.IsAny<CancellationToken>()), Times.Once);
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
        for (var i = 0; i < _options.FreeFailures; i++)
        {
            Assert.That(async () => await Login(WrongPassword), Refused.With(Errors.InvalidCredentials));
        }

        _clock.Advance(_options.BaseDelay - TimeSpan.FromMilliseconds(1));
        Assert.That(async () => await Login(Password), Refused.With(Errors.InvalidCredentials));

        _clock.Advance(TimeSpan.FromMilliseconds(1));
        Assert.That(async () => await Login(Password), Throws.Nothing);
        Assert.That(_user.HasDevice(_device), Is.True);
    }

    [Test]
    public async Task Handle_WhenCredentialsAreRight_ForgetsTheAddressesFailures()
    {
        _stored = LoginThrottle.Restore(Key, 2, TestData.Now, TestData.Now, TestData.Now.AddHours(1), version: 2);

        var result = await Login(Password, "ANN@example.com");

        Assert.That(result.Type, Is.EqualTo(TokenKind.Login));
        Assert.That(_stored, Is.Null);
        _throttles.Verify(t => t.DeleteAsync(Key, It.IsAny<CancellationToken>()), Times.Once);
        _throttles.Verify(t => t.SaveAsync(It.IsAny<LoginThrottle>(), It.IsAny<CancellationToken>()), Times.Never);
    }

    [Test]
    public async Task Handle_WhenTheWaitIsOver_LogsInAndForgetsTheFailures()
    {
        var blocked = Block();
        _clock.SetUtcNow(blocked.BlockedUntil);

        var result = await Login(Password);

        Assert.That(result.UserId, Is.EqualTo(_user.Id.Value));
        Assert.That(_stored, Is.Null);
    }

    [Test]
    public void Handle_WhenRecordingTheFailureKeepsConflicting_StillAnswersInvalidCredentials()
    {
        _throttles.Setup(t => t.SaveAsync(It.IsAny<LoginThrottle>(), It.IsAny<CancellationToken>()))
            .ThrowsAsync(new ConcurrencyException("login throttle", Key));

        Assert.That(async () => await Login(WrongPassword), Refused.With(Errors.InvalidCredentials));

        _throttles.Verify(t => t.SaveAsync(It.IsAny<LoginThrottle>(), It.IsAny<CancellationToken>()), Times.Exactly(ConflictRetry.MaxAttempts));
        _events.Verify(e => e.LoginFailed(_user.Id, _device, LoginFailure.WrongPassword, It.IsAny<string>()), Times.Once);
    }

    [Test]
    public void Handle_WhenRecordingAnUnknownAddressKeepsConflicting_StillAnswersInvalidCredentials()
    {
        _throttles.Setup(t => t.SaveAsync(It.IsAny<LoginThrottle>(), It.IsAny<CancellationToken>()))
            .ThrowsAsync(new ConcurrencyException("login throttle", "nobody@example.com"));

        Assert.That(async () => await Login(Password, "nobody@example.com"), Refused.With(Errors.InvalidCredentials));

        _events.Verify(e => e.LoginFailed(null, _device, LoginFailure.UnknownEmail, It.IsAny<string>()), Times.Once);
    }

    [Test]
    public void Handle_WhenAnAddressHasFailedForHoursUnderALongBaseDelay_StillAnswersInvalidCredentials()
    {
        _options.BaseDelay = TimeSpan.FromHours(1);
        _options.MaxDelay = TimeSpan.FromHours(1);
        _options.ForgetAfter = TimeSpan.FromHours(12);
        _stored = LoginThrottle.Restore(Key, 40, TestData.Now.AddHours(-1), TestData.Now, TestData.Now.AddHours(11), version: 40);

        Assert.That(async () => await Login(WrongPassword), Refused.With(Errors.InvalidCredentials));

        Assert.That(_stored.Failures, Is.EqualTo(41));
        Assert.That(_stored.BlockedUntil, Is.EqualTo(TestData.Now.AddHours(1)));
    }

    [Test]
    public async Task Handle_WhenThrottlingIsDisabled_NeverTouchesTheStore()
    {
        _options.Enabled = false;
        Block();

        Assert.That(async () => await Login(WrongPassword), Refused.With(Errors.InvalidCredentials));
        Assert.That(async () => await Login(Password, "nobody@example.com"), Refused.With(Errors.InvalidCredentials));
        var result = await Login(Password);

        Assert.That(result.Type, Is.EqualTo(TokenKind.Login), "a stored block is not looked at");
        _throttles.VerifyNoOtherCalls();
    }

    private Task<TokenResult> Login(string password, string email = Key) =>
        new LoginHandler(_users.Object, _hasher.Object, _tokens.Object, new LoginThrottling(_throttles.Object, _options, _clock), _events.Object, _clock)
            .Handle(new LoginCommand(Caller.Public(_device), email, password, "Pixel"), CancellationToken.None).AsTask();

    /// <summary>Stores a throttle that keeps Ann's address waiting for a while from now.</summary>
    private LoginThrottle Block() => _stored = Blocked(Key);

    private LoginThrottle Blocked(string key) =>
        LoginThrottle.Restore(key, 4, _clock.GetUtcNow(), _clock.GetUtcNow().AddSeconds(20), _clock.GetUtcNow().AddHours(1), version: 4);
}
