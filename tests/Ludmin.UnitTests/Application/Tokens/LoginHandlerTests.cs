using Ludmin.Application.Common;
using Ludmin.Application.Common.Models;
using Ludmin.Application.Common.Ports;
using Ludmin.Application.Tokens.Login;
using Ludmin.Domain.Common;
using Ludmin.Domain.Users;
using Ludmin.UnitTests.Support;
using Moq;

namespace Ludmin.UnitTests.Application.Tokens;

public sealed class LoginHandlerTests
{
    private const string Password = "correct horse";

    private readonly HandlerFixture _fixture = new();
    private readonly DeviceId _device = DeviceId.New();
    private readonly User _user = TestData.User("Ann@Example.com", "stored-hash");

    public LoginHandlerTests()
    {
        _fixture.Stored(_user);
        _fixture.PasswordIs(_user, Password);
        _fixture.IssuesUserTokens();
    }

    [Test]
    public async Task Handle_WhenCredentialsAreRight_LinksTheDeviceAndIssuesAUserToken()
    {
        _fixture.Clock.Advance(TimeSpan.FromMinutes(1));

        var result = await Handler().Handle(Command("ann@example.com", Password, "  Pixel 9 "), CancellationToken.None);

        Assert.Multiple(() =>
        {
            Assert.That(result.Token, Is.EqualTo("user-jwt"));
            Assert.That(result.DeviceId, Is.EqualTo(_device.Value));
            Assert.That(result.UserId, Is.EqualTo(_user.Id.Value));
            Assert.That(result.Type, Is.EqualTo(TokenKind.Login));
            Assert.That(result.ExpiresAt, Is.EqualTo(TestData.Now.AddMinutes(5)));
            var linked = _user.Devices.Single();
            Assert.That(linked.DeviceId, Is.EqualTo(_device));
            Assert.That(linked.Description.Value, Is.EqualTo("Pixel 9"));
            Assert.That(linked.FirstSeen, Is.EqualTo(TestData.Now.AddMinutes(1)));
            Assert.That(linked.LastUsed, Is.EqualTo(TestData.Now.AddMinutes(1)));
        });
        _fixture.Users.Verify(u => u.UpdateAsync(_user, It.IsAny<CancellationToken>()), Times.Once);
        _fixture.Tokens.Verify(t => t.IssueForUser(_user, _device), Times.Once);
        _fixture.Hasher.Verify(h => h.HashAsync(It.IsAny<string>(), It.IsAny<CancellationToken>()), Times.Never);
    }

    [Test]
    public async Task Handle_WhenDescriptionIsMissing_LinksTheDeviceWithAnEmptyDescription()
    {
        await Handler().Handle(Command(TestData.Email, Password, description: null), CancellationToken.None);

        Assert.That(_user.Devices.Single().Description, Is.SameAs(DeviceDescription.Empty));
    }

    [Test]
    public void Handle_WhenEmailIsUnknown_SpendsAHashAndRefusesWithInvalidCredentials() =>
        AssertRefusedAfterASimulatedHash("nobody@example.com");

    [Test]
    public void Handle_WhenEmailIsOneOfTheUsersPastAddresses_RefusesWithInvalidCredentials()
    {
        MoveUserOffAnnsAddress();

        AssertRefusedAfterASimulatedHash("ann@example.com");
    }

    [Test]
    public void Handle_WhenPasswordIsWrong_RefusesWithInvalidCredentials()
    {
        _fixture.Hasher.Setup(h => h.VerifyAsync("wrong password", _user.PasswordHash, It.IsAny<CancellationToken>()))
            .ReturnsAsync(PasswordVerification.Failed);

        Assert.That(
            async () => await Handler().Handle(Command(TestData.Email, "wrong password"), CancellationToken.None),
            Refused.With(Errors.InvalidCredentials));

        Assert.That(_user.Devices, Is.Empty);
        AssertNothingSavedOrIssued();
    }

    [Test]
    public async Task Handle_WhenHashNeedsNewerParameters_LinksFirstThenSavesTheRehashWithoutTouchingHistory()
    {
        var rehashed = TestData.Hash("rehashed");
        _fixture.Hasher.Setup(h => h.VerifyAsync(Password, _user.PasswordHash, It.IsAny<CancellationToken>()))
            .ReturnsAsync(PasswordVerification.SucceededRehashNeeded);
        _fixture.Hasher.Setup(h => h.HashAsync(Password, It.IsAny<CancellationToken>())).ReturnsAsync(rehashed);
        var reloaded = TestData.Copy(_user);
        _fixture.Users.Setup(u => u.FindByIdAsync(_user.Id, It.IsAny<CancellationToken>())).ReturnsAsync(reloaded);

        await Handler().Handle(Command(TestData.Email, Password), CancellationToken.None);

        _fixture.Users.Verify(u => u.UpdateAsync(It.Is<User>(s => s == _user && !s.ProfileChanged && s.Devices.Any(d => d.DeviceId == _device)), It.IsAny<CancellationToken>()), Times.Once);
        _fixture.Users.Verify(
            u => u.UpdateAsync(It.Is<User>(s => s == reloaded && s.PasswordHash == rehashed && s.PasswordHistory.Count == 0 && s.DeviceChanges.Count == 0), It.IsAny<CancellationToken>()),
            Times.Once);
    }

    [Test]
    public async Task Handle_WhenTheRehashKeepsLosingToEdits_StillLogsIn()
    {
        _fixture.Hasher.Setup(h => h.VerifyAsync(Password, _user.PasswordHash, It.IsAny<CancellationToken>()))
            .ReturnsAsync(PasswordVerification.SucceededRehashNeeded);
        _fixture.Hasher.Setup(h => h.HashAsync(Password, It.IsAny<CancellationToken>())).ReturnsAsync(TestData.Hash("rehashed"));
        _fixture.Users.Setup(u => u.FindByIdAsync(_user.Id, It.IsAny<CancellationToken>())).ReturnsAsync(() => TestData.Copy(_user));
        _fixture.Users.Setup(u => u.UpdateAsync(It.Is<User>(s => s.ProfileChanged), It.IsAny<CancellationToken>()))
            .ThrowsAsync(new ConcurrencyException("user", _user.Id.Value));

        var result = await Handler().Handle(Command(TestData.Email, Password), CancellationToken.None);

        Assert.That(result.Type, Is.EqualTo(TokenKind.Login));
        Assert.That(_user.Devices.Select(d => d.DeviceId), Does.Contain(_device));
    }

    [Test]
    public async Task Handle_LinksTheDeviceUnderTheCredentialsItChecked_NotUnderTheVersion()
    {
        await Handler().Handle(Command(TestData.Email, Password), CancellationToken.None);

        _fixture.Users.Verify(
            u => u.UpdateAsync(
                It.Is<User>(s => !s.ProfileChanged && s.DeviceChanges.Count == 1
                    && s.DeviceChanges[0] is DeviceChange.Linked
                    && ((DeviceChange.Linked)s.DeviceChanges[0]).Credentials == new LoginCredentials(_user.PasswordHash, _user.CurrentEmail)),
                It.IsAny<CancellationToken>()),
            Times.Once);
    }

    [Test]
    public async Task Handle_WhenTheHashWasUpgradedWhileChecking_VerifiesAgainstTheNewHashAndLinks()
    {
        var upgraded = TestData.Copy(_user);
        upgraded.UpgradePasswordHash(TestData.Hash("upgraded meanwhile"));
        var reloaded = TestData.Copy(upgraded);
        _fixture.Users.SetupSequence(u => u.UpdateAsync(It.IsAny<User>(), It.IsAny<CancellationToken>()))
            .ThrowsAsync(new ConcurrencyException("user", _user.Id.Value))
            .Returns(Task.CompletedTask);
        _fixture.Users.Setup(u => u.FindByIdAsync(_user.Id, It.IsAny<CancellationToken>())).ReturnsAsync(reloaded);
        _fixture.Hasher.Setup(h => h.VerifyAsync(Password, TestData.Hash("upgraded meanwhile"), It.IsAny<CancellationToken>()))
            .ReturnsAsync(PasswordVerification.Succeeded);

        var result = await Handler().Handle(Command(TestData.Email, Password), CancellationToken.None);

        Assert.That(result.Type, Is.EqualTo(TokenKind.Login));
        Assert.That(reloaded.Devices.Select(d => d.DeviceId), Does.Contain(_device));
        _fixture.Hasher.Verify(h => h.VerifyAsync(Password, TestData.Hash("upgraded meanwhile"), It.IsAny<CancellationToken>()), Times.Once);
    }

    [Test]
    public async Task Handle_WhenAnotherRequestSavedFirst_ReloadsAndRetries()
    {
        var reloaded = _fixture.LosesTheFirstSave(_user);

        var result = await Handler().Handle(Command(TestData.Email, Password), CancellationToken.None);

        Assert.That(result.UserId, Is.EqualTo(_user.Id.Value));
        Assert.That(reloaded.Devices.Select(d => d.DeviceId), Does.Contain(_device));
        _fixture.Users.Verify(u => u.FindByIdAsync(_user.Id, It.IsAny<CancellationToken>()), Times.Once);
        _fixture.Users.Verify(u => u.UpdateAsync(reloaded, It.IsAny<CancellationToken>()), Times.Once);
        _fixture.Tokens.Verify(t => t.IssueForUser(reloaded, _device), Times.Once);
        _fixture.Hasher.Verify(h => h.VerifyAsync(It.IsAny<string>(), It.IsAny<PasswordHash>(), It.IsAny<CancellationToken>()), Times.Once);
    }

    [Test]
    public void Handle_WhenThePasswordChangedWhileChecking_RefusesWithInvalidCredentialsAndReportsNoLogin()
    {
        var reloaded = TestData.Copy(_user);
        reloaded.ChangePassword(TestData.Hash("changed meanwhile"), keepDevice: null, TestData.Now);
        _fixture.Users.SetupSequence(u => u.UpdateAsync(It.IsAny<User>(), It.IsAny<CancellationToken>()))
            .ThrowsAsync(new ConcurrencyException("user", _user.Id.Value));
        _fixture.Users.Setup(u => u.FindByIdAsync(_user.Id, It.IsAny<CancellationToken>())).ReturnsAsync(reloaded);

        Assert.That(
            async () => await Handler().Handle(Command(TestData.Email, Password), CancellationToken.None),
            Refused.With(Errors.InvalidCredentials));
        _fixture.Users.Verify(u => u.UpdateAsync(reloaded, It.IsAny<CancellationToken>()), Times.Never);
        AssertNoLogin();
    }

    [Test]
    public void Handle_WhenTheAccountWasDeletedWhileChecking_RefusesWithInvalidCredentialsAndReportsNoLogin()
    {
        _fixture.Users.Setup(u => u.UpdateAsync(It.IsAny<User>(), It.IsAny<CancellationToken>()))
            .ThrowsAsync(new ConcurrencyException("user", _user.Id.Value));
        _fixture.Users.Setup(u => u.FindByIdAsync(_user.Id, It.IsAny<CancellationToken>())).ReturnsAsync((User?)null);

        Assert.That(
            async () => await Handler().Handle(Command(TestData.Email, Password), CancellationToken.None),
            Refused.With(Errors.InvalidCredentials));
        _fixture.Users.Verify(u => u.UpdateAsync(It.IsAny<User>(), It.IsAny<CancellationToken>()), Times.Once);
        _fixture.Tokens.Verify(t => t.IssueForUser(It.IsAny<User>(), It.IsAny<DeviceId>()), Times.Never);
        _fixture.Events.Verify(e => e.LoginSucceeded(It.IsAny<UserId>(), It.IsAny<DeviceId>(), It.IsAny<string>()), Times.Never);
    }

    [Test]
    public void Handle_WhenEverySaveConflicts_GivesUpWithConcurrentUpdateAndReportsNoLogin()
    {
        _fixture.Users.Setup(u => u.UpdateAsync(It.IsAny<User>(), It.IsAny<CancellationToken>()))
            .ThrowsAsync(new ConcurrencyException("user", _user.Id.Value));
        _fixture.Users.Setup(u => u.FindByIdAsync(_user.Id, It.IsAny<CancellationToken>())).ReturnsAsync(() => TestData.Copy(_user));

        Assert.That(
            async () => await Handler().Handle(Command(TestData.Email, Password), CancellationToken.None),
            Refused.With(Errors.ConcurrentUpdate));
        _fixture.Users.Verify(u => u.UpdateAsync(It.IsAny<User>(), It.IsAny<CancellationToken>()), Times.Exactly(ConflictRetry.MaxAttempts));
        AssertNoLogin();
    }

    [Test]
    public async Task Handle_WhenCredentialsAreRight_ReportsTheLoginOfTheUserOnTheDevice()
    {
        await Handler().Handle(Command(TestData.Email, Password), CancellationToken.None);

        _fixture.Events.Verify(e => e.LoginSucceeded(_user.Id, _device, It.IsAny<string>()), Times.Once);
        _fixture.Events.VerifyNoOtherCalls();
    }

    [TestCase(null)]
    [TestCase("")]
    [TestCase("   ")]
    public async Task Handle_WhenADeviceLogsInAgainWithoutADescription_KeepsTheOneItHad(string? description)
    {
        _user.LinkDevice(_device, DeviceDescription.Create("Pixel"), TestData.Now);

        await Handler().Handle(Command(TestData.Email, Password, description), CancellationToken.None);

        Assert.That(_user.Devices.Single().Description.Value, Is.EqualTo("Pixel"));
    }

    [Test]
    public async Task Handle_WhenCredentialsAreRight_IssuesTheTokenForTheNewSession()
    {
        var earlier = TestData.LinkNewDevice(_user);
        _user.LinkDevice(_device, DeviceDescription.Create("Pixel"), TestData.Now);
        var before = _user.SessionOf(_device);
        SessionId? issuedFor = null;
        _fixture.Tokens.Setup(t => t.IssueForUser(_user, _device))
            .Callback<User, DeviceId>((user, device) => issuedFor = user.SessionOf(device))
            .Returns(new IssuedToken("user-jwt", TestData.Now.AddMinutes(5)));

        await Handler().Handle(Command(TestData.Email, Password), CancellationToken.None);

        Assert.Multiple(() =>
        {
            Assert.That(_user.SessionOf(_device), Is.Not.EqualTo(before), "a new login on a linked device is a new session");
            Assert.That(_user.HasSession(_device, before), Is.False);
            Assert.That(issuedFor, Is.EqualTo(_user.SessionOf(_device)));
            Assert.That(_user.Devices.Select(d => d.DeviceId), Does.Contain(earlier));
        });
    }

    [Test]
    public void Handle_WhenEmailIsUnknown_ReportsAFailureWithNoUser() =>
        AssertRefusedAndReported("nobody@example.com", Password, null, LoginFailure.UnknownEmail);

    [Test]
    public void Handle_WhenEmailIsOneOfTheUsersPastAddresses_ReportsAnUnknownEmailWithNoUser()
    {
        MoveUserOffAnnsAddress();

        AssertRefusedAndReported("ann@example.com", Password, null, LoginFailure.UnknownEmail);
    }

    [Test]
    public void Handle_WhenPasswordIsWrong_ReportsAWrongPasswordForTheUser()
    {
        _fixture.Hasher.Setup(h => h.VerifyAsync("wrong password", _user.PasswordHash, It.IsAny<CancellationToken>()))
            .ReturnsAsync(PasswordVerification.Failed);

        AssertRefusedAndReported(TestData.Email, "wrong password", _user.Id, LoginFailure.WrongPassword);
    }

    private LoginCommand Command(string email, string password, string? description = "Pixel") =>
        new(Caller.Public(_device), email, password, description);

    private LoginHandler Handler() =>
        new(_fixture.Users.Object, _fixture.Hasher.Object, _fixture.Tokens.Object, _fixture.Throttles.Object, _fixture.ThrottleOptions, _fixture.Events.Object, _fixture.Clock);

    /// <summary>The user now has ann@example.org; ann@example.com, still found by the store, is only in the history.</summary>
    private void MoveUserOffAnnsAddress()
    {
        _user.ChangeEmail(EmailAddress.Create("ann@example.org"), TestData.Now);
        _fixture.Users.Setup(u => u.FindByEmailAsync(It.Is<EmailAddress>(e => e.Normalized == "ann@example.com"), It.IsAny<CancellationToken>()))
            .ReturnsAsync(_user);
    }

    /// <summary>A login with an address nobody has as current: refused after a simulated hash, so it costs what a real check does.</summary>
    private void AssertRefusedAfterASimulatedHash(string email)
    {
        Assert.That(
            async () => await Handler().Handle(Command(email, Password), CancellationToken.None),
            Refused.With(Errors.InvalidCredentials));

        _fixture.Hasher.Verify(h => h.SimulateVerifyAsync(Password, It.IsAny<CancellationToken>()), Times.Once);
        _fixture.Hasher.Verify(h => h.VerifyAsync(It.IsAny<string>(), It.IsAny<PasswordHash>(), It.IsAny<CancellationToken>()), Times.Never);
        AssertNothingSavedOrIssued();
    }

    private void AssertRefusedAndReported(string email, string password, UserId? user, LoginFailure failure)
    {
        Assert.That(
            async () => await Handler().Handle(Command(email, password), CancellationToken.None),
            Refused.With(Errors.InvalidCredentials));

        _fixture.Events.Verify(e => e.LoginFailed(user, _device, failure, It.IsAny<string>()), Times.Once);
        _fixture.Events.VerifyNoOtherCalls();
    }

    /// <summary>No token, no login reported, and the failed-login count left alone.</summary>
    private void AssertNoLogin()
    {
        _fixture.Tokens.Verify(t => t.IssueForUser(It.IsAny<User>(), It.IsAny<DeviceId>()), Times.Never);
        _fixture.Events.Verify(e => e.LoginSucceeded(It.IsAny<UserId>(), It.IsAny<DeviceId>(), It.IsAny<string>()), Times.Never);
        _fixture.Throttles.Verify(t => t.DeleteAsync(It.IsAny<string>(), It.IsAny<CancellationToken>()), Times.Never);
    }

    private void AssertNothingSavedOrIssued()
    {
        _fixture.Users.Verify(u => u.UpdateAsync(It.IsAny<User>(), It.IsAny<CancellationToken>()), Times.Never);
        _fixture.Tokens.Verify(t => t.IssueForUser(It.IsAny<User>(), It.IsAny<DeviceId>()), Times.Never);
    }
}
