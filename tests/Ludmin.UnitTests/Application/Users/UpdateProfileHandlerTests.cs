using Ludmin.Application.Common;
using Ludmin.Application.Common.Ports;
using Ludmin.Application.Users.UpdateProfile;
using Ludmin.Domain.Common;
using Ludmin.Domain.Users;
using Ludmin.UnitTests.Support;
using Moq;

namespace Ludmin.UnitTests.Application.Users;

public sealed class UpdateProfileHandlerTests
{
    private const string AnnPassword = "ann's current password";
    private const string MasterPassword = "master's own password";
    private const string NewPassword = "a brand new password";

    private readonly HandlerFixture _fixture = new();
    private readonly PasswordHash _newHash = TestData.Hash("new-hash");
    private readonly User _ann = TestData.User("ann@example.com", "ann-hash");
    private readonly User _master = TestData.Master("master@example.com", "master-hash");
    private readonly DeviceId _annDevice;
    private readonly DeviceId _annOtherDevice;
    private readonly DeviceId _masterDevice;

    public UpdateProfileHandlerTests()
    {
        _annDevice = TestData.LinkNewDevice(_ann, "Phone");
        _annOtherDevice = TestData.LinkNewDevice(_ann, "Laptop");
        _masterDevice = TestData.LinkNewDevice(_master, "Desk");
        _fixture.Stored(_ann);
        _fixture.Stored(_master);
        _fixture.PasswordIs(_ann, AnnPassword);
        _fixture.PasswordIs(_master, MasterPassword);
        _fixture.Hashes(NewPassword, _newHash);
        _fixture.Clock.Advance(TimeSpan.FromHours(1));
    }

    private static DateTimeOffset Later => TestData.Now.AddHours(1);

    private Caller Ann => TestData.SignedIn(_ann, _annDevice);

    private Caller Master => TestData.SignedIn(_master, _masterDevice);

    [Test]
    public async Task Handle_WhenOnlyTheNameChanges_RenamesWithoutAskingForAPassword()
    {
        var profile = await Handler().Handle(Command(Ann, "me", fullName: "Ann Smith"), CancellationToken.None);

        Assert.Multiple(() =>
        {
            Assert.That(profile.FullName, Is.EqualTo("Ann Smith"));
            Assert.That(profile.UpdatedAt, Is.EqualTo(Later));
            Assert.That(_ann.FullName.Value, Is.EqualTo("Ann Smith"));
        });
        _fixture.Users.Verify(u => u.UpdateAsync(_ann, It.IsAny<CancellationToken>()), Times.Once);
        _fixture.Hasher.VerifyNoOtherCalls();
    }

    [Test]
    public async Task Handle_WhenEmailChangesWithTheRightCurrentPassword_AppendsTheAddressAndSaves()
    {
        var profile = await Handler().Handle(Command(Ann, _ann.Id.Value, email: "Ann@Example.org", currentPassword: AnnPassword), CancellationToken.None);

        Assert.Multiple(() =>
        {
            Assert.That(profile.CurrentEmail, Is.EqualTo("Ann@Example.org"));
            Assert.That(profile.Emails, Has.Count.EqualTo(2));
            Assert.That(profile.Emails[1].Verified, Is.False);
            Assert.That(profile.Devices, Has.Count.EqualTo(2), "an email change logs nobody out");
        });
        _fixture.Hasher.Verify(h => h.VerifyAsync(AnnPassword, _ann.PasswordHash, It.IsAny<CancellationToken>()), Times.Once);
        _fixture.Users.Verify(u => u.UpdateAsync(_ann, It.IsAny<CancellationToken>()), Times.Once);
    }

    [Test]
    public async Task Handle_WhenUsersOwnPasswordChanges_KeepsOnlyTheCallersDeviceAndKeepsTheOldHashInHistory()
    {
        var oldHash = _ann.PasswordHash;

        var profile = await Handler().Handle(Command(Ann, "me", password: NewPassword, currentPassword: AnnPassword), CancellationToken.None);

        Assert.Multiple(() =>
        {
            Assert.That(_ann.PasswordHash, Is.SameAs(_newHash));
            Assert.That(_ann.PasswordHistory, Is.EqualTo(new[] { oldHash }));
            Assert.That(_ann.Devices.Select(d => d.DeviceId), Is.EqualTo(new[] { _annDevice }));
            Assert.That(profile.Devices.Select(d => d.DeviceId), Is.EqualTo(new[] { _annDevice.Value }));
        });
        _fixture.Users.Verify(u => u.UpdateAsync(_ann, It.IsAny<CancellationToken>()), Times.Once);
    }

    [Test]
    public async Task Handle_WhenEverythingChangesAtOnce_AppliesAllInOneSave()
    {
        await Handler().Handle(Command(Ann, "me", "Ann Smith", "ann@example.org", NewPassword, AnnPassword), CancellationToken.None);

        Assert.Multiple(() =>
        {
            Assert.That(_ann.FullName.Value, Is.EqualTo("Ann Smith"));
            Assert.That(_ann.CurrentEmail.Value, Is.EqualTo("ann@example.org"));
            Assert.That(_ann.PasswordHash, Is.SameAs(_newHash));
        });
        _fixture.Users.Verify(u => u.UpdateAsync(It.IsAny<User>(), It.IsAny<CancellationToken>()), Times.Once);
        _fixture.Hasher.Verify(h => h.VerifyAsync(It.IsAny<string>(), It.IsAny<PasswordHash>(), It.IsAny<CancellationToken>()), Times.Once);
    }

    [Test]
    public void Handle_WhenCurrentPasswordIsWrong_RefusesOnCurrentPasswordAndChangesNothing()
    {
        Assert.That(
            async () => await Handler().Handle(Command(Ann, "me", "Ann Smith", "ann@example.org", NewPassword, "not my password"), CancellationToken.None),
            Refused.With(Errors.CurrentPasswordInvalid, "current_password"));

        Assert.Multiple(() =>
        {
            Assert.That(_ann.FullName.Value, Is.EqualTo("Ann Lee"));
            Assert.That(_ann.CurrentEmail.Value, Is.EqualTo("ann@example.com"));
            Assert.That(_ann.Devices, Has.Count.EqualTo(2));
        });
        _fixture.Hasher.Verify(h => h.HashAsync(It.IsAny<string>(), It.IsAny<CancellationToken>()), Times.Never);
        _fixture.Users.Verify(u => u.UpdateAsync(It.IsAny<User>(), It.IsAny<CancellationToken>()), Times.Never);
    }

    [Test]
    public async Task Handle_WhenCurrentPasswordIsRightButItsHashIsOld_StillAccepts()
    {
        _fixture.Hasher.Setup(h => h.VerifyAsync(AnnPassword, _ann.PasswordHash, It.IsAny<CancellationToken>())).ReturnsAsync(PasswordVerification.SucceededRehashNeeded);

        var profile = await Handler().Handle(Command(Ann, "me", email: "ann@example.org", currentPassword: AnnPassword), CancellationToken.None);

        Assert.That(profile.CurrentEmail, Is.EqualTo("ann@example.org"));
    }

    [Test]
    public void Handle_WhenANonMasterTargetsAnotherUser_RefusesWithForbiddenWithoutReadingOrSaving()
    {
        Assert.That(
            async () => await Handler().Handle(Command(Ann, _master.Id.Value, fullName: "Hijacked"), CancellationToken.None),
            Refused.With(Errors.Forbidden));

        Assert.That(_master.FullName.Value, Is.EqualTo("Ann Lee"));
        _fixture.Users.VerifyNoOtherCalls();
        _fixture.Hasher.VerifyNoOtherCalls();
    }

    [Test]
    public void Handle_WhenTokenIsPublic_RefusesWithForbidden()
    {
        Assert.That(
            async () => await Handler().Handle(Command(Caller.Public(DeviceId.New()), _ann.Id.Value, fullName: "Someone"), CancellationToken.None),
            Refused.With(Errors.Forbidden));
        _fixture.Users.VerifyNoOtherCalls();
    }

    [Test]
    public void Handle_WhenMasterTargetsAnUnknownUser_RefusesWithUserNotFound() =>
        Assert.That(
            async () => await Handler().Handle(Command(Master, UserId.New().Value, fullName: "Someone"), CancellationToken.None),
            Refused.With(Errors.UserNotFound));

    [Test]
    public void Handle_WhenIdIsMalformed_RefusesWithUserNotFound() =>
        Assert.That(
            async () => await Handler().Handle(Command(Master, "../etc/passwd", fullName: "Someone"), CancellationToken.None),
            Refused.With(Errors.UserNotFound));

    [Test]
    public async Task Handle_WhenMasterChangesAnotherUsersEmail_ChecksTheMastersOwnPassword()
    {
        var profile = await Handler().Handle(Command(Master, _ann.Id.Value, email: "ann@example.org", currentPassword: MasterPassword), CancellationToken.None);

        Assert.That(profile.CurrentEmail, Is.EqualTo("ann@example.org"));
        _fixture.Hasher.Verify(h => h.VerifyAsync(MasterPassword, _master.PasswordHash, It.IsAny<CancellationToken>()), Times.Once);
        _fixture.Hasher.Verify(h => h.VerifyAsync(It.IsAny<string>(), _ann.PasswordHash, It.IsAny<CancellationToken>()), Times.Never);
        _fixture.Users.Verify(u => u.UpdateAsync(_ann, It.IsAny<CancellationToken>()), Times.Once);
        _fixture.Users.Verify(u => u.UpdateAsync(_master, It.IsAny<CancellationToken>()), Times.Never);
    }

    [Test]
    public void Handle_WhenMasterOffersTheTargetsPasswordInsteadOfTheirOwn_RefusesWithCurrentPasswordInvalid()
    {
        Assert.That(
            async () => await Handler().Handle(Command(Master, _ann.Id.Value, email: "ann@example.org", currentPassword: AnnPassword), CancellationToken.None),
            Refused.With(Errors.CurrentPasswordInvalid, "current_password"));
        _fixture.Users.Verify(u => u.UpdateAsync(It.IsAny<User>(), It.IsAny<CancellationToken>()), Times.Never);
    }

    [Test]
    public async Task Handle_WhenMasterChangesAnotherUsersPassword_LogsOutEveryDeviceOfThatUser()
    {
        // Even a link of that user on the very device the master is using now is not kept.
        _ann.LinkDevice(_masterDevice, DeviceDescription.Empty, TestData.Now);

        await Handler().Handle(Command(Master, _ann.Id.Value, password: NewPassword, currentPassword: MasterPassword), CancellationToken.None);

        Assert.That(_ann.PasswordHash, Is.SameAs(_newHash));
        Assert.That(_ann.Devices, Is.Empty);
        Assert.That(_master.Devices.Select(d => d.DeviceId), Does.Contain(_masterDevice));
    }

    [Test]
    public void Handle_WhenTheMastersOwnAccountIsGone_RefusesWithSessionEnded()
    {
        var ghost = Caller.ForUser(DeviceId.New(), UserId.New(), isMaster: true);

        Assert.That(
            async () => await Handler().Handle(Command(ghost, _ann.Id.Value, email: "ann@example.org", currentPassword: MasterPassword), CancellationToken.None),
            Refused.With(Errors.SessionEnded));
        _fixture.Users.Verify(u => u.UpdateAsync(It.IsAny<User>(), It.IsAny<CancellationToken>()), Times.Never);
    }

    [Test]
    public async Task Handle_WhenMasterOnlyRenamesAnotherUser_AsksForNoPassword()
    {
        await Handler().Handle(Command(Master, _ann.Id.Value, fullName: "Renamed by master"), CancellationToken.None);

        Assert.That(_ann.FullName.Value, Is.EqualTo("Renamed by master"));
        _fixture.Hasher.VerifyNoOtherCalls();
    }

    [Test]
    public void Handle_WhenTheStoreSaysTheEmailIsTaken_RefusesWithEmailInUseWithoutRetrying()
    {
        AssertTheStoreRefusesTheEmail(Command(Ann, "me", email: "bob@example.com", currentPassword: AnnPassword));

        _fixture.Users.Verify(u => u.UpdateAsync(It.IsAny<User>(), It.IsAny<CancellationToken>()), Times.Once);
    }

    [Test]
    public void Handle_WhenTheEmailStepFails_SavesNotEvenTheNameChange()
    {
        for (var i = _ann.Emails.Count; i < User.EmailLimit; i++)
        {
            _ann.ChangeEmail(EmailAddress.Create($"ann-{i}@example.com"), TestData.Now);
        }

        Assert.That(
            async () => await Handler().Handle(Command(Ann, "me", fullName: "Ann Smith", email: "one-more@example.com", currentPassword: AnnPassword), CancellationToken.None),
            Refused.With(Errors.ValidationFailed, "email"));
        _fixture.Users.Verify(u => u.UpdateAsync(It.IsAny<User>(), It.IsAny<CancellationToken>()), Times.Never);
    }

    [Test]
    public void Handle_WhenHashingTheNewPasswordIsRefused_ChangesAndSavesNothing()
    {
        _fixture.Hasher.Setup(h => h.HashAsync(NewPassword, It.IsAny<CancellationToken>())).ThrowsAsync(new DomainException(Errors.ServerBusy));

        Assert.That(
            async () => await Handler().Handle(Command(Ann, "me", "Ann Smith", "ann@example.org", NewPassword, AnnPassword), CancellationToken.None),
            Refused.With(Errors.ServerBusy));

        Assert.Multiple(() =>
        {
            Assert.That(_ann.FullName.Value, Is.EqualTo("Ann Lee"));
            Assert.That(_ann.CurrentEmail.Value, Is.EqualTo("ann@example.com"));
            Assert.That(_ann.Devices, Has.Count.EqualTo(2));
        });
        _fixture.Users.Verify(u => u.UpdateAsync(It.IsAny<User>(), It.IsAny<CancellationToken>()), Times.Never);
    }

    [Test]
    public async Task Handle_WhenAnotherRequestSavedFirst_ReappliesEveryChangeToAFreshRead()
    {
        var reloaded = AnnLosesTheFirstSave();

        var profile = await Handler().Handle(Command(Ann, "me", "Ann Smith", "ann@example.org", NewPassword, AnnPassword), CancellationToken.None);

        Assert.Multiple(() =>
        {
            Assert.That(reloaded.FullName.Value, Is.EqualTo("Ann Smith"));
            Assert.That(reloaded.CurrentEmail.Value, Is.EqualTo("ann@example.org"));
            Assert.That(reloaded.PasswordHash, Is.SameAs(_newHash));
            Assert.That(reloaded.Devices.Select(d => d.DeviceId), Is.EqualTo(new[] { _annDevice }));
            Assert.That(profile.FullName, Is.EqualTo("Ann Smith"));
        });
        _fixture.Users.Verify(u => u.UpdateAsync(reloaded, It.IsAny<CancellationToken>()), Times.Once);
        _fixture.Hasher.Verify(h => h.VerifyAsync(It.IsAny<string>(), It.IsAny<PasswordHash>(), It.IsAny<CancellationToken>()), Times.Once);
        _fixture.Hasher.Verify(h => h.HashAsync(It.IsAny<string>(), It.IsAny<CancellationToken>()), Times.Once);
    }

    [Test]
    public async Task Handle_WhenOnlyTheNameChanges_ReportsNothing()
    {
        await Handler().Handle(Command(Ann, "me", fullName: "Ann Smith"), CancellationToken.None);

        _fixture.Events.VerifyNoOtherCalls();
    }

    [Test]
    public async Task Handle_WhenTheUsersOwnEmailChanges_ReportsAnEmailChangeByThemOnTheirDevice()
    {
        await Handler().Handle(Command(Ann, "me", email: "ann@example.org", currentPassword: AnnPassword), CancellationToken.None);

        _fixture.Events.Verify(e => e.EmailChanged(_ann.Id, _ann.Id, _annDevice, It.IsAny<string>()), Times.Once);
        _fixture.Events.VerifyNoOtherCalls();
    }

    [Test]
    public async Task Handle_WhenAPastAddressBecomesCurrentAgain_ReportsAnEmailChange()
    {
        _ann.ChangeEmail(EmailAddress.Create("ann@example.org"), TestData.Now);

        await Handler().Handle(Command(Ann, "me", email: "ANN@example.com", currentPassword: AnnPassword), CancellationToken.None);

        _fixture.Events.Verify(e => e.EmailChanged(_ann.Id, _ann.Id, _annDevice, It.IsAny<string>()), Times.Once);
    }

    [Test]
    public async Task Handle_WhenTheEmailGivenIsTheCurrentOne_ReportsNoEmailChange()
    {
        await Handler().Handle(Command(Ann, "me", fullName: "Ann Smith", email: " Ann@Example.com ", currentPassword: AnnPassword), CancellationToken.None);

        _fixture.Events.VerifyNoOtherCalls();
    }

    [Test]
    public async Task Handle_WhenTheUsersOwnPasswordChanges_ReportsAPasswordChangeByThemOnTheirDevice()
    {
        await Handler().Handle(Command(Ann, "me", password: NewPassword, currentPassword: AnnPassword), CancellationToken.None);

        _fixture.Events.Verify(e => e.PasswordChanged(_ann.Id, _ann.Id, _annDevice, It.IsAny<string>()), Times.Once);
        _fixture.Events.VerifyNoOtherCalls();
    }

    [Test]
    public async Task Handle_WhenEverythingChangesAtOnce_ReportsTheEmailAndThePasswordChangeOnceEach()
    {
        await Handler().Handle(Command(Ann, "me", "Ann Smith", "ann@example.org", NewPassword, AnnPassword), CancellationToken.None);

        _fixture.Events.Verify(e => e.EmailChanged(_ann.Id, _ann.Id, _annDevice, It.IsAny<string>()), Times.Once);
        _fixture.Events.Verify(e => e.PasswordChanged(_ann.Id, _ann.Id, _annDevice, It.IsAny<string>()), Times.Once);
        _fixture.Events.VerifyNoOtherCalls();
    }

    [Test]
    public async Task Handle_WhenAMasterChangesAnotherUsersCredentials_ReportsTheTargetTheMasterAndTheMastersDevice()
    {
        await Handler().Handle(Command(Master, _ann.Id.Value, email: "ann@example.org", password: NewPassword, currentPassword: MasterPassword), CancellationToken.None);

        _fixture.Events.Verify(e => e.EmailChanged(_ann.Id, _master.Id, _masterDevice, It.IsAny<string>()), Times.Once);
        _fixture.Events.Verify(e => e.PasswordChanged(_ann.Id, _master.Id, _masterDevice, It.IsAny<string>()), Times.Once);
        _fixture.Events.VerifyNoOtherCalls();
    }

    [Test]
    public async Task Handle_WhenTheSaveHadToBeRetried_ReportsEachChangeOnce()
    {
        var reloaded = AnnLosesTheFirstSave();

        await Handler().Handle(Command(Ann, "me", email: "ann@example.org", password: NewPassword, currentPassword: AnnPassword), CancellationToken.None);

        _fixture.Events.Verify(e => e.EmailChanged(_ann.Id, _ann.Id, _annDevice, It.IsAny<string>()), Times.Once);
        _fixture.Events.Verify(e => e.PasswordChanged(_ann.Id, _ann.Id, _annDevice, It.IsAny<string>()), Times.Once);
        _fixture.Events.VerifyNoOtherCalls();
    }

    [Test]
    public void Handle_WhenCurrentPasswordIsWrong_ReportsTheRefusalAndNoChange()
    {
        Assert.That(
            async () => await Handler().Handle(Command(Ann, "me", email: "ann@example.org", password: NewPassword, currentPassword: "not my password"), CancellationToken.None),
            Refused.With(Errors.CurrentPasswordInvalid, "current_password"));
        _fixture.Events.Verify(e => e.CurrentPasswordRefused(Ann.UserId!.Value, Ann.DeviceId, false, Ann.ClientAddress), Times.Once);
        _fixture.Events.VerifyNoOtherCalls();
    }

    [Test]
    public void Handle_WhenTheStoreSaysTheEmailIsTaken_ReportsNothing()
    {
        AssertTheStoreRefusesTheEmail(Command(Ann, "me", email: "bob@example.com", password: NewPassword, currentPassword: AnnPassword));

        _fixture.Events.VerifyNoOtherCalls();
    }

    /// <summary>Ann's first save loses to another request's; the retry reads the copy returned here, and its save goes through.</summary>
    private User AnnLosesTheFirstSave()
    {
        var reloaded = TestData.Copy(_ann);
        _fixture.Users.SetupSequence(u => u.FindByIdAsync(_ann.Id, It.IsAny<CancellationToken>()))
            .ReturnsAsync(_ann)
            .ReturnsAsync(reloaded);
        _fixture.Users.SetupSequence(u => u.UpdateAsync(It.IsAny<User>(), It.IsAny<CancellationToken>()))
            .ThrowsAsync(new ConcurrencyException("user", _ann.Id.Value))
            .Returns(Task.CompletedTask);
        return reloaded;
    }

    /// <summary>The store refuses the save because another user took the address since the read: <paramref name="command"/> is refused with <c>email_in_use</c>.</summary>
    private void AssertTheStoreRefusesTheEmail(UpdateProfileCommand command)
    {
        _fixture.Users.Setup(u => u.UpdateAsync(It.IsAny<User>(), It.IsAny<CancellationToken>()))
            .ThrowsAsync(new DomainException(Errors.EmailInUse, field: "email"));

        Assert.That(async () => await Handler().Handle(command, CancellationToken.None), Refused.With(Errors.EmailInUse));
    }

    private static UpdateProfileCommand Command(
        Caller caller, string idOrMe, string? fullName = null, string? email = null, string? password = null, string? currentPassword = null) =>
        new(caller, idOrMe, fullName, email, password, password, currentPassword);

    private UpdateProfileHandler Handler() => new(
        _fixture.Users.Object, NoPasskeys(), _fixture.Hasher.Object, _fixture.PasswordCheck(), _fixture.Guard(), _fixture.SecondFactors.Object, _fixture.Events.Object, _fixture.Clock);

    /// <summary>Users with no passkeys: the profile's count is 0.</summary>
    private static Ludmin.Domain.Passkeys.IPasskeyRepository NoPasskeys()
    {
        var passkeys = new Mock<Ludmin.Domain.Passkeys.IPasskeyRepository>();
        passkeys.Setup(p => p.CountByUserAsync(It.IsAny<IReadOnlyCollection<Ludmin.Domain.Users.UserId>>(), It.IsAny<CancellationToken>()))
            .ReturnsAsync(new Dictionary<Ludmin.Domain.Users.UserId, int>());
        return passkeys.Object;
    }
}
