using Ludmin.Application.Common;
using Ludmin.Application.Common.Models;
using Ludmin.Application.Common.Options;
using Ludmin.Application.Common.Ports;
using Ludmin.Application.Tokens.RefreshToken;
using Ludmin.Domain.Common;
using Ludmin.Domain.SecondFactors;
using Ludmin.Domain.Users;
using Ludmin.UnitTests.Support;
using Microsoft.Extensions.Time.Testing;
using Moq;

namespace Ludmin.UnitTests.Application.Tokens;

public sealed class RefreshTokenHandlerTests
{
    private static readonly TimeSpan Grace = TimeSpan.FromSeconds(10);

    private readonly Mock<IUserRepository> _users = new();
    private readonly Mock<ITokenIssuer> _tokens = new();
    private readonly Mock<ISecurityEvents> _events = new();
    private readonly FakeTimeProvider _clock = TestData.Clock();
    private readonly User _user = TestData.User();
    private readonly DeviceId _device;

    public RefreshTokenHandlerTests()
    {
        _device = TestData.LinkNewDevice(_user, "Phone", TestData.Now);
        _users.Setup(u => u.FindByIdAsync(_user.Id, It.IsAny<CancellationToken>())).ReturnsAsync(_user);
        _tokens.Setup(t => t.IssueForUser(It.IsAny<User>(), It.IsAny<DeviceId>(), It.IsAny<Assurance>())).Returns(new IssuedToken("user-jwt", TestData.Now.AddMinutes(5)));
        _tokens.Setup(t => t.IssuePublic(It.IsAny<DeviceId>())).Returns(new IssuedToken("public-jwt", TestData.Now.AddMinutes(5)));
    }

    [Test]
    public async Task Handle_WhenUserTokensDeviceIsStillLinked_MovesTheDeviceOnAndIssuesARefreshedUserToken()
    {
        _clock.Advance(TimeSpan.FromHours(3));

        var result = await Handler().Handle(new RefreshTokenCommand(Own, _device.Value), CancellationToken.None);

        Assert.Multiple(() =>
        {
            Assert.That(result.Token, Is.EqualTo("user-jwt"));
            Assert.That(result.Type, Is.EqualTo(TokenKind.Refresh));
            Assert.That(result.UserId, Is.EqualTo(_user.Id.Value));
            Assert.That(result.DeviceId, Is.EqualTo(_device.Value));
            Assert.That(_user.Devices.Single().LastUsed, Is.EqualTo(TestData.Now.AddHours(3)));
        });
        _users.Verify(u => u.UpdateAsync(_user, It.IsAny<CancellationToken>()), Times.Once);
        _tokens.Verify(t => t.IssueForUser(_user, _device, It.IsAny<Assurance>()), Times.Once);
    }

    [Test]
    public async Task Handle_WhenPathHoldsTheSameDeviceInUppercase_IsAccepted()
    {
        var result = await Handler().Handle(new RefreshTokenCommand(Own, _device.Value.ToUpperInvariant()), CancellationToken.None);

        Assert.That(result.Type, Is.EqualTo(TokenKind.Refresh));
    }

    [Test]
    public async Task Handle_WhenTokenIsPublic_IssuesAPublicTokenWithoutReadingUsers()
    {
        var device = DeviceId.New();

        var result = await Handler().Handle(new RefreshTokenCommand(Caller.Public(device), device.Value), CancellationToken.None);

        Assert.Multiple(() =>
        {
            Assert.That(result.Token, Is.EqualTo("public-jwt"));
            Assert.That(result.Type, Is.EqualTo(TokenKind.Public));
            Assert.That(result.UserId, Is.Null);
            Assert.That(result.DeviceId, Is.EqualTo(device.Value));
        });
        _tokens.Verify(t => t.IssuePublic(device), Times.Once);
        _users.VerifyNoOtherCalls();
    }

    [Test]
    public async Task Handle_WhenUserTokensDeviceWasLoggedOut_FallsBackToAPublicToken()
    {
        var loggedOut = TestData.LinkNewDevice(_user, "Tablet");
        var caller = TestData.SignedIn(_user, loggedOut);
        _user.Logout(loggedOut);

        var result = await Handler().Handle(new RefreshTokenCommand(caller, loggedOut.Value), CancellationToken.None);

        Assert.That(result.Type, Is.EqualTo(TokenKind.Public));
        Assert.That(result.UserId, Is.Null);
        _tokens.Verify(t => t.IssuePublic(loggedOut), Times.Once);
        _tokens.Verify(t => t.IssueForUser(It.IsAny<User>(), It.IsAny<DeviceId>(), It.IsAny<Assurance>()), Times.Never);
        _users.Verify(u => u.UpdateAsync(It.IsAny<User>(), It.IsAny<CancellationToken>()), Times.Never);
    }

    [Test]
    public async Task Handle_WhenTheTokenIsOfAnOlderLoginOnTheDevice_FallsBackToAPublicTokenAndLeavesTheNewLoginAlone()
    {
        var older = Own;
        _user.LinkDevice(_device, DeviceDescription.Create("Phone"), TestData.Now.AddMinutes(1));
        var current = _user.SessionOf(_device);
        _clock.Advance(TimeSpan.FromHours(1));

        var result = await Handler().Handle(new RefreshTokenCommand(older, _device.Value), CancellationToken.None);

        Assert.Multiple(() =>
        {
            Assert.That(result.Token, Is.EqualTo("public-jwt"));
            Assert.That(result.Type, Is.EqualTo(TokenKind.Public));
            Assert.That(result.UserId, Is.Null);
            Assert.That(_user.HasSession(_device, current), Is.True, "the newer login is not ended");
            Assert.That(_user.Devices.Single().LastUsed, Is.EqualTo(TestData.Now.AddMinutes(1)), "an ended session does not touch the device");
        });
        _tokens.Verify(t => t.IssuePublic(_device), Times.Once);
        _tokens.Verify(t => t.IssueForUser(It.IsAny<User>(), It.IsAny<DeviceId>(), It.IsAny<Assurance>()), Times.Never);
        _users.Verify(u => u.UpdateAsync(It.IsAny<User>(), It.IsAny<CancellationToken>()), Times.Never);
    }

    [Test]
    public async Task Handle_WhenTheTokenCarriesNoSession_FallsBackToAPublicToken()
    {
        var result = await Handler().Handle(new RefreshTokenCommand(Own with { SessionId = null }, _device.Value), CancellationToken.None);

        Assert.That(result.Type, Is.EqualTo(TokenKind.Public));
        _users.Verify(u => u.UpdateAsync(It.IsAny<User>(), It.IsAny<CancellationToken>()), Times.Never);
    }

    [Test]
    public async Task Handle_WhenUserTokensDeviceIsStillLinked_KeepsTheSession()
    {
        var session = _user.SessionOf(_device);

        await Handler().Handle(new RefreshTokenCommand(Own, _device.Value), CancellationToken.None);

        Assert.That(_user.HasSession(_device, session), Is.True, "the refreshed token goes on in the same login");
    }

    [Test]
    public async Task Handle_WhenUserNoLongerExists_FallsBackToAPublicToken()
    {
        var stranger = UserId.New();

        var result = await Handler().Handle(new RefreshTokenCommand(Own with { UserId = stranger }, _device.Value), CancellationToken.None);

        Assert.That(result.Type, Is.EqualTo(TokenKind.Public));
        _users.Verify(u => u.UpdateAsync(It.IsAny<User>(), It.IsAny<CancellationToken>()), Times.Never);
    }

    [TestCase("not-a-device")]
    [TestCase("")]
    public void Handle_WhenPathDeviceIsMalformed_RefusesWithDeviceMismatch(string pathDevice) =>
        Assert.That(
            async () => await Handler().Handle(new RefreshTokenCommand(Own, pathDevice), CancellationToken.None),
            Refused.With(Errors.DeviceMismatch));

    [Test]
    public void Handle_WhenPathNamesAnotherDevice_RefusesWithDeviceMismatchAndIssuesNothing()
    {
        var other = TestData.LinkNewDevice(_user);

        Assert.That(
            async () => await Handler().Handle(new RefreshTokenCommand(Own, other.Value), CancellationToken.None),
            Refused.With(Errors.DeviceMismatch));
        _users.VerifyNoOtherCalls();
        _tokens.VerifyNoOtherCalls();
    }

    [Test]
    public async Task Handle_SavesOnlyTheRotationOfTheCallersSession_NeverAProfileWriteThatCouldConflict()
    {
        _users.Setup(u => u.FindByIdAsync(_user.Id, It.IsAny<CancellationToken>())).ReturnsAsync(TestData.Copy(_user));
        _clock.Advance(TimeSpan.FromMinutes(10));

        await Handler().Handle(new RefreshTokenCommand(Own, _device.Value), CancellationToken.None);

        _users.Verify(
            u => u.UpdateAsync(
                It.Is<User>(s => !s.ProfileChanged && s.DeviceChanges.Count == 1
                    && s.DeviceChanges[0] is DeviceChange.Rotated
                    && ((DeviceChange.Rotated)s.DeviceChanges[0]).Session == Own.SessionId
                    && ((DeviceChange.Rotated)s.DeviceChanges[0]).ExpectedGeneration == 0
                    && ((DeviceChange.Rotated)s.DeviceChanges[0]).Device.Generation == 1
                    && ((DeviceChange.Rotated)s.DeviceChanges[0]).Device.LastUsed == TestData.Now.AddMinutes(10)),
                It.IsAny<CancellationToken>()),
            Times.Once);
        _users.Verify(u => u.FindByIdAsync(_user.Id, It.IsAny<CancellationToken>()), Times.Once);
    }

    [Test]
    public async Task Handle_WhenTheTokenIsOfTheCurrentGeneration_IssuesATokenOfTheNextOne()
    {
        var issuedAt = new List<long>();
        _tokens.Setup(t => t.IssueForUser(It.IsAny<User>(), It.IsAny<DeviceId>(), It.IsAny<Assurance>()))
            .Callback<User, DeviceId, Assurance>((user, device, _) => issuedAt.Add(user.GenerationOf(device)))
            .Returns(new IssuedToken("user-jwt", TestData.Now.AddMinutes(5)));

        await Handler().Handle(new RefreshTokenCommand(Own, _device.Value), CancellationToken.None);
        await Handler().Handle(new RefreshTokenCommand(Own, _device.Value), CancellationToken.None);

        Assert.That(issuedAt, Is.EqualTo(new long[] { 1, 2 }));
        _events.VerifyNoOtherCalls();
    }

    [Test]
    public async Task Handle_WhenTheTokenWasReplacedWithinTheGrace_IssuesATokenOfTheCurrentGenerationWithoutMovingOn()
    {
        var replaced = Own;
        await Handler().Handle(new RefreshTokenCommand(replaced, _device.Value), CancellationToken.None);
        _clock.Advance(Grace);

        var result = await Handler().Handle(new RefreshTokenCommand(replaced, _device.Value), CancellationToken.None);

        Assert.Multiple(() =>
        {
            Assert.That(result.Type, Is.EqualTo(TokenKind.Refresh));
            Assert.That(_user.GenerationOf(_device), Is.EqualTo(1));
            Assert.That(_user.Devices.Select(d => d.DeviceId), Does.Contain(_device));
        });
        _tokens.Verify(t => t.IssueForUser(_user, _device, It.IsAny<Assurance>()), Times.Exactly(2));
        _events.VerifyNoOtherCalls();
    }

    [Test]
    public async Task Handle_WhenACopyFollowsTwoRotationsWithinTheGrace_EndsTheSessionLogsTheReuseAndAnswersAPublicToken()
    {
        // Issue 23, finding 4: the copy's holder refreshes right after each of the owner's refreshes.
        const string thief = "198.51.100.66";
        var firstCopy = Own;
        await Handler().Handle(new RefreshTokenCommand(firstCopy, _device.Value), CancellationToken.None);
        var followed = await Handler().Handle(new RefreshTokenCommand(firstCopy with { ClientAddress = thief }, _device.Value), CancellationToken.None);
        Assert.That(followed.Type, Is.EqualTo(TokenKind.Refresh), "one use of the grace is a lost answer as far as anyone can tell");
        _clock.Advance(TimeSpan.FromMinutes(5));
        var secondCopy = Own;
        await Handler().Handle(new RefreshTokenCommand(secondCopy, _device.Value), CancellationToken.None);

        var result = await Handler().Handle(new RefreshTokenCommand(secondCopy with { ClientAddress = thief }, _device.Value), CancellationToken.None);

        Assert.That(result.Type, Is.EqualTo(TokenKind.Public));
        Assert.That(_user.Devices.Select(d => d.DeviceId), Has.No.Member(_device));
        _events.Verify(e => e.RefreshReused(_user.Id, _device, thief), Times.Once);
        _events.VerifyNoOtherCalls();
    }

    [Test]
    public async Task Handle_WhenTheTokenWasReplacedLongerThanTheGraceAgo_EndsTheSessionLogsTheReuseAndAnswersAPublicToken()
    {
        var copied = Own with { ClientAddress = TestData.ClientAddress };
        await Handler().Handle(new RefreshTokenCommand(copied, _device.Value), CancellationToken.None);
        _clock.Advance(Grace + TimeSpan.FromMilliseconds(1));
        _users.Invocations.Clear();

        var result = await Handler().Handle(new RefreshTokenCommand(copied, _device.Value), CancellationToken.None);

        Assert.Multiple(() =>
        {
            Assert.That(result.Token, Is.EqualTo("public-jwt"));
            Assert.That(result.Type, Is.EqualTo(TokenKind.Public));
            Assert.That(result.UserId, Is.Null);
            Assert.That(_user.Devices.Select(d => d.DeviceId), Has.No.Member(_device), "the device is unlinked: the newest token's holder is out too");
        });
        _users.Verify(
            u => u.UpdateAsync(It.Is<User>(s => s.DeviceChanges.OfType<DeviceChange.Revoked>().Any(c => c.DeviceId == _device && c.Session == copied.SessionId)), It.IsAny<CancellationToken>()),
            Times.Once);
        _events.Verify(e => e.RefreshReused(_user.Id, _device, TestData.ClientAddress), Times.Once);
        _tokens.Verify(t => t.IssuePublic(_device), Times.Once);
    }

    [Test]
    public async Task Handle_WhenAnotherRefreshOfTheSameGenerationWinsTheRace_ReadsAgainAndIssuesATokenOfTheWinnersGeneration()
    {
        // The first save loses the compare-and-set; the store then holds the winner's rotation.
        var winner = TestData.Copy(_user);
        winner.RefreshSession(_device, _user.SessionOf(_device), 0, TestData.Now, Grace);
        _users.SetupSequence(u => u.FindByIdAsync(_user.Id, It.IsAny<CancellationToken>()))
            .ReturnsAsync(TestData.Copy(_user))
            .ReturnsAsync(TestData.Copy(winner));
        _users.SetupSequence(u => u.UpdateAsync(It.IsAny<User>(), It.IsAny<CancellationToken>()))
            .ThrowsAsync(new ConcurrencyException("device", _device.Value))
            .Returns(Task.CompletedTask);
        long? issuedAt = null;
        _tokens.Setup(t => t.IssueForUser(It.IsAny<User>(), It.IsAny<DeviceId>(), It.IsAny<Assurance>()))
            .Callback<User, DeviceId, Assurance>((user, device, _) => issuedAt = user.GenerationOf(device))
            .Returns(new IssuedToken("user-jwt", TestData.Now.AddMinutes(5)));

        var result = await Handler().Handle(new RefreshTokenCommand(Own, _device.Value), CancellationToken.None);

        Assert.That(result.Type, Is.EqualTo(TokenKind.Refresh));
        Assert.That(issuedAt, Is.EqualTo(1), "the winner's generation, not a further move");
        _users.Verify(u => u.FindByIdAsync(_user.Id, It.IsAny<CancellationToken>()), Times.Exactly(2));
        _users.Verify(u => u.UpdateAsync(It.Is<User>(s => s.DeviceChanges.Single() is DeviceChange.GraceUsed), It.IsAny<CancellationToken>()), Times.Once);
        _events.VerifyNoOtherCalls();
    }

    [Test]
    public async Task Handle_WhenTheEndOfAReusedSessionLosesTheRace_ReadsAgainAndLogsNothingTwice()
    {
        // Another instance ended the session first: the re-read finds it gone.
        var stale = TestData.Copy(_user);
        stale.RefreshSession(_device, _user.SessionOf(_device), 0, TestData.Now, Grace);
        var ended = TestData.Copy(stale);
        ended.Logout(_device);
        _clock.Advance(TimeSpan.FromMinutes(1));
        _users.SetupSequence(u => u.FindByIdAsync(_user.Id, It.IsAny<CancellationToken>()))
            .ReturnsAsync(TestData.Copy(stale))
            .ReturnsAsync(TestData.Copy(ended));
        _users.Setup(u => u.UpdateAsync(It.IsAny<User>(), It.IsAny<CancellationToken>()))
            .ThrowsAsync(new ConcurrencyException("device", _device.Value));

        var result = await Handler().Handle(new RefreshTokenCommand(Own, _device.Value), CancellationToken.None);

        Assert.That(result.Type, Is.EqualTo(TokenKind.Public));
        _events.VerifyNoOtherCalls();
    }

    [Test]
    public async Task Handle_WhenTheTokenCarriesTheGenerationOfAnOlderLogin_LeavesTheNewLoginAlone()
    {
        var older = Own with { Generation = 3 };
        _user.LinkDevice(_device, null, TestData.Now.AddMinutes(1));

        var result = await Handler().Handle(new RefreshTokenCommand(older, _device.Value), CancellationToken.None);

        Assert.That(result.Type, Is.EqualTo(TokenKind.Public));
        Assert.That(_user.Devices.Select(d => d.DeviceId), Does.Contain(_device));
        _events.VerifyNoOtherCalls();
    }

    /// <summary>A token of the device's current login.</summary>
    private Caller Own => TestData.SignedIn(_user, _device);

    private RefreshTokenHandler Handler() => new(_users.Object, _tokens.Object, _events.Object, new RefreshRotationOptions { ReuseGrace = Grace }, _clock);
}
