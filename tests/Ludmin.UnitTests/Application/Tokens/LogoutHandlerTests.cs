using Ludmin.Application.Common;
using Ludmin.Application.Common.Options;
using Ludmin.Application.Common.Ports;
using Ludmin.Application.Tokens.Logout;
using Ludmin.Domain.Common;
using Ludmin.Domain.Users;
using Ludmin.UnitTests.Support;
using Microsoft.Extensions.Time.Testing;
using Moq;

namespace Ludmin.UnitTests.Application.Tokens;

public sealed class LogoutHandlerTests
{
    private readonly Mock<IUserRepository> _users = new();
    private static readonly TimeSpan Grace = TimeSpan.FromSeconds(10);

    private readonly Mock<ISecurityEvents> _events = new();
    private readonly FakeTimeProvider _clock = TestData.Clock();
    private readonly User _user = TestData.User();
    private readonly DeviceId _callerDevice;
    private readonly DeviceId _otherDevice;

    public LogoutHandlerTests()
    {
        _callerDevice = TestData.LinkNewDevice(_user, "Phone");
        _otherDevice = TestData.LinkNewDevice(_user, "Laptop");
        _users.Setup(u => u.FindByIdAsync(_user.Id, It.IsAny<CancellationToken>())).ReturnsAsync(_user);
    }

    [Test]
    public async Task Handle_WhenTargetIsAnotherDeviceOfTheUser_UnlinksItAndSaves()
    {
        await Handler().Handle(new LogoutCommand(Own, _otherDevice.Value), CancellationToken.None);

        Assert.That(_user.Devices.Select(d => d.DeviceId), Is.EqualTo(new[] { _callerDevice }));
        _users.Verify(u => u.UpdateAsync(_user, It.IsAny<CancellationToken>()), Times.Once);
    }

    [Test]
    public async Task Handle_WhenTargetIsTheCallersOwnDevice_UnlinksIt()
    {
        await Handler().Handle(new LogoutCommand(Own, _callerDevice.Value.ToUpperInvariant()), CancellationToken.None);

        Assert.That(_user.Devices.Select(d => d.DeviceId), Is.EqualTo(new[] { _otherDevice }));
        _users.Verify(u => u.UpdateAsync(_user, It.IsAny<CancellationToken>()), Times.Once);
    }

    [Test]
    public void Handle_WhenTokenIsPublic_RefusesWithForbidden()
    {
        Assert.That(
            async () => await Handler().Handle(new LogoutCommand(Caller.Public(_callerDevice), _callerDevice.Value), CancellationToken.None),
            Refused.With(Errors.Forbidden));
        _users.VerifyNoOtherCalls();
    }

    [Test]
    public void Handle_WhenDeviceIdIsMalformed_RefusesWithDeviceNotFound()
    {
        Assert.That(
            async () => await Handler().Handle(new LogoutCommand(Own, "phone"), CancellationToken.None),
            Refused.With(Errors.DeviceNotFound));
        _users.VerifyNoOtherCalls();
    }

    [Test]
    public void Handle_WhenTargetDeviceIsNotLinked_RefusesWithDeviceNotFoundAndSavesNothing()
    {
        Assert.That(
            async () => await Handler().Handle(new LogoutCommand(Own, DeviceId.New().Value), CancellationToken.None),
            Refused.With(Errors.DeviceNotFound));
        Assert.That(_user.Devices, Has.Count.EqualTo(2));
        _users.Verify(u => u.UpdateAsync(It.IsAny<User>(), It.IsAny<CancellationToken>()), Times.Never);
    }

    [Test]
    public void Handle_WhenTheCallersOwnDeviceWasLoggedOut_RefusesWithSessionEnded()
    {
        var gone = TestData.LinkNewDevice(_user, "Tablet");
        var caller = TestData.SignedIn(_user, gone);
        _user.Logout(gone);

        Assert.That(
            async () => await Handler().Handle(new LogoutCommand(caller, _otherDevice.Value), CancellationToken.None),
            Refused.With(Errors.SessionEnded));
        Assert.That(_user.Devices.Select(d => d.DeviceId), Does.Contain(_otherDevice));
        _users.Verify(u => u.UpdateAsync(It.IsAny<User>(), It.IsAny<CancellationToken>()), Times.Never);
    }

    [Test]
    public void Handle_WhenTheTokenIsOfAnOlderLoginOnTheDevice_RefusesWithSessionEndedAndLogsNothingOut()
    {
        var older = Own;
        _user.LinkDevice(_callerDevice, DeviceDescription.Create("Phone"), TestData.Now.AddMinutes(1));

        Assert.That(
            async () => await Handler().Handle(new LogoutCommand(older, _otherDevice.Value), CancellationToken.None),
            Refused.With(Errors.SessionEnded));
        Assert.That(
            async () => await Handler().Handle(new LogoutCommand(older, _callerDevice.Value), CancellationToken.None),
            Refused.With(Errors.SessionEnded));

        Assert.That(_user.Devices, Has.Count.EqualTo(2));
        _users.Verify(u => u.UpdateAsync(It.IsAny<User>(), It.IsAny<CancellationToken>()), Times.Never);
        _events.VerifyNoOtherCalls();
    }

    [Test]
    public void Handle_WhenTheTokenCarriesNoSession_RefusesWithSessionEnded()
    {
        Assert.That(
            async () => await Handler().Handle(new LogoutCommand(Own with { SessionId = null }, _otherDevice.Value), CancellationToken.None),
            Refused.With(Errors.SessionEnded));
        Assert.That(_user.Devices.Select(d => d.DeviceId), Does.Contain(_otherDevice));
    }

    [Test]
    public void Handle_WhenUserNoLongerExists_RefusesWithSessionEnded() =>
        Assert.That(
            async () => await Handler().Handle(new LogoutCommand(Own with { UserId = UserId.New() }, _otherDevice.Value), CancellationToken.None),
            Refused.With(Errors.SessionEnded));

    [Test]
    public async Task Handle_WhenAnotherDeviceIsLoggedOut_ReportsWhoLoggedOutWhichDeviceFromWhere()
    {
        await Handler().Handle(new LogoutCommand(Own, _otherDevice.Value), CancellationToken.None);

        _events.Verify(e => e.LoggedOut(_user.Id, _callerDevice, _otherDevice, It.IsAny<string>()), Times.Once);
        _events.VerifyNoOtherCalls();
    }

    [Test]
    public async Task Handle_SavesOnlyTheUnlink_WhichNeedsNoVersionAndIsReadOnce()
    {
        _users.Setup(u => u.FindByIdAsync(_user.Id, It.IsAny<CancellationToken>())).ReturnsAsync(TestData.Copy(_user));

        await Handler().Handle(new LogoutCommand(Own, _otherDevice.Value), CancellationToken.None);

        _users.Verify(
            u => u.UpdateAsync(
                It.Is<User>(s => !s.ProfileChanged && s.DeviceChanges.Count == 1
                    && s.DeviceChanges[0] is DeviceChange.Removed && ((DeviceChange.Removed)s.DeviceChanges[0]).DeviceId == _otherDevice),
                It.IsAny<CancellationToken>()),
            Times.Once);
        _users.Verify(u => u.FindByIdAsync(_user.Id, It.IsAny<CancellationToken>()), Times.Once);
    }

    [Test]
    public void Handle_WhenTheTokenIsOfAGenerationARefreshReplacedPastTheGrace_RefusesWithTokenInvalidAndLogsNothingOut()
    {
        var replaced = Own;
        _user.RefreshSession(_callerDevice, replaced.SessionId!.Value, replaced.Generation, _clock.GetUtcNow(), Grace);
        _clock.Advance(Grace + TimeSpan.FromSeconds(1));

        Assert.That(
            async () => await Handler().Handle(new LogoutCommand(replaced, _otherDevice.Value), CancellationToken.None),
            Refused.With(Errors.TokenInvalid));
        Assert.That(_user.Devices, Has.Count.EqualTo(2));
        _users.Verify(u => u.UpdateAsync(It.IsAny<User>(), It.IsAny<CancellationToken>()), Times.Never);
        _events.VerifyNoOtherCalls();
    }

    [Test]
    public void Handle_WhenTheTokenIsTwoGenerationsOld_RefusesWithTokenInvalidEvenWithinTheGrace()
    {
        var oldest = Own;
        _user.RefreshSession(_callerDevice, oldest.SessionId!.Value, 0, _clock.GetUtcNow(), Grace);
        _user.RefreshSession(_callerDevice, oldest.SessionId!.Value, 1, _clock.GetUtcNow(), Grace);

        Assert.That(
            async () => await Handler().Handle(new LogoutCommand(oldest, _otherDevice.Value), CancellationToken.None),
            Refused.With(Errors.TokenInvalid));
        Assert.That(_user.Devices, Has.Count.EqualTo(2));
    }

    [Test]
    public async Task Handle_WhenTheTokenWasReplacedWithinTheGrace_LogsOut()
    {
        // A client whose refresh answer was lost still holds only the token that refresh replaced.
        var replaced = Own;
        _user.RefreshSession(_callerDevice, replaced.SessionId!.Value, replaced.Generation, _clock.GetUtcNow(), Grace);
        _clock.Advance(Grace);

        await Handler().Handle(new LogoutCommand(replaced, _otherDevice.Value), CancellationToken.None);

        Assert.That(_user.Devices.Select(d => d.DeviceId), Is.EqualTo(new[] { _callerDevice }));
    }

    [Test]
    public async Task Handle_WhenTheTokenIsOfTheCurrentGenerationAfterRefreshes_LogsOut()
    {
        _user.RefreshSession(_callerDevice, Own.SessionId!.Value, 0, _clock.GetUtcNow(), Grace);
        _clock.Advance(TimeSpan.FromHours(1));

        await Handler().Handle(new LogoutCommand(Own, _otherDevice.Value), CancellationToken.None);

        Assert.That(_user.Devices.Select(d => d.DeviceId), Is.EqualTo(new[] { _callerDevice }));
    }

    [TestCase("public")]
    [TestCase("malformed")]
    [TestCase("unlinked")]
    [TestCase("ended")]
    public void Handle_WhenRefused_ReportsNoLogout(string refusal)
    {
        var command = refusal switch
        {
            "public" => new LogoutCommand(Caller.Public(_callerDevice), _otherDevice.Value),
            "malformed" => new LogoutCommand(Own, "phone"),
            "unlinked" => new LogoutCommand(Own, DeviceId.New().Value),
            _ => new LogoutCommand(Own with { SessionId = SessionId.New() }, _otherDevice.Value),
        };

        Assert.That(async () => await Handler().Handle(command, CancellationToken.None), Throws.InstanceOf<DomainException>());
        _events.VerifyNoOtherCalls();
    }

    /// <summary>A token of the caller's device's current login.</summary>
    private Caller Own => TestData.SignedIn(_user, _callerDevice);

    private LogoutHandler Handler() => new(_users.Object, _events.Object, new RefreshRotationOptions { ReuseGrace = Grace }, _clock);
}
