using Ludmin.Application.Common;
using Ludmin.Application.Common.Options;
using Ludmin.Application.Users.DeleteUser;
using Ludmin.Domain.Common;
using Ludmin.Domain.Users;
using Ludmin.UnitTests.Support;
using Moq;

namespace Ludmin.UnitTests.Application.Users;

public sealed class DeleteUserHandlerTests
{
    private const string AnnPassword = "ann's current password";
    private const string MasterPassword = "master's own password";

    private readonly HandlerFixture _fixture = new();
    private readonly User _ann = TestData.User("ann@example.com", "ann-hash");
    private readonly User _master = TestData.Master("master@example.com", "master-hash");
    private readonly DeviceId _annDevice;
    private readonly DeviceId _masterDevice;

    public DeleteUserHandlerTests()
    {
        _annDevice = TestData.LinkNewDevice(_ann, "Phone");
        TestData.LinkNewDevice(_ann, "Laptop");
        _masterDevice = TestData.LinkNewDevice(_master, "Desk");
        _fixture.Stored(_ann);
        _fixture.Stored(_master);
        _fixture.PasswordIs(_ann, AnnPassword);
        _fixture.PasswordIs(_master, MasterPassword);
        _fixture.Users.Setup(u => u.DeleteAsync(_ann.Id, It.IsAny<CancellationToken>())).ReturnsAsync(_ann);
    }

    private Caller Ann => TestData.SignedIn(_ann, _annDevice) with { ClientAddress = TestData.ClientAddress };

    private Caller Master => TestData.SignedIn(_master, _masterDevice) with { ClientAddress = TestData.ClientAddress };

    [Test]
    public async Task Handle_WhenUserDeletesThemselfWithTheRightPassword_DeletesAndRecordsWhoDeletedWhom()
    {
        await Handler().Handle(new DeleteUserCommand(Ann, "me", AnnPassword), CancellationToken.None);

        _fixture.Hasher.Verify(h => h.VerifyAsync(AnnPassword, _ann.PasswordHash, It.IsAny<CancellationToken>()), Times.Once);
        _fixture.Users.Verify(u => u.DeleteAsync(_ann.Id, It.IsAny<CancellationToken>()), Times.Once);
        _fixture.Events.Verify(e => e.UserDeleted(_ann.Id, _ann.Id, _annDevice, 2, TestData.ClientAddress), Times.Once);
    }

    [Test]
    public void Handle_WhenUserDeletesThemselfWithAWrongPassword_IsRefusedAsCurrentPasswordInvalidAndDeletesNothing()
    {
        var error = Assert.ThrowsAsync<DomainException>(async () =>
            await Handler().Handle(new DeleteUserCommand(Ann, _ann.Id.Value, "not the password"), CancellationToken.None));

        Assert.That(error!.Error, Is.EqualTo(Errors.CurrentPasswordInvalid));
        Assert.That(error.Field, Is.EqualTo("current_password"));
        _fixture.Users.Verify(u => u.DeleteAsync(It.IsAny<UserId>(), It.IsAny<CancellationToken>()), Times.Never);
        _fixture.Events.Verify(e => e.UserDeleted(It.IsAny<UserId>(), It.IsAny<UserId>(), It.IsAny<DeviceId>(), It.IsAny<int>(), It.IsAny<string>()), Times.Never);
    }

    [TestCase("me")]
    [TestCase("ME")]
    [TestCase(null)]
    public void Validate_WhenUserDeletesThemselfWithoutAPassword_FailsOnCurrentPassword(string? idOrMe)
    {
        var result = new DeleteUserValidator(new PasswordOptions()).Validate(new DeleteUserCommand(Ann, idOrMe ?? _ann.Id.Value, null));

        Assert.That(result.IsValid, Is.False);
        Assert.That(result.Errors.Select(e => e.PropertyName), Is.EquivalentTo(new[] { "current_password" }));
    }

    [Test]
    public void Validate_WhenAMasterDeletesAnotherUserWithoutAPassword_Passes() =>
        Assert.That(new DeleteUserValidator(new PasswordOptions()).Validate(new DeleteUserCommand(Master, _ann.Id.Value, null)).IsValid, Is.True);

    [Test]
    public void Validate_WhenThePasswordIsAbsurdlyLong_Fails() =>
        Assert.That(new DeleteUserValidator(new PasswordOptions()).Validate(new DeleteUserCommand(Master, _ann.Id.Value, new string('x', 10_000))).IsValid, Is.False);

    [Test]
    public void Handle_WhenTheCallersOwnAccountComesWithoutAPassword_IsRefusedAsCurrentPasswordInvalid()
    {
        // The parser requires it for "me" and the caller's id; an id spelled so that it did not
        // see the caller in it is still the caller's, and still needs the password.
        var error = Assert.ThrowsAsync<DomainException>(async () =>
            await Handler().Handle(new DeleteUserCommand(Ann, "me", null), CancellationToken.None));

        Assert.That(error!.Error, Is.EqualTo(Errors.CurrentPasswordInvalid));
        _fixture.Users.Verify(u => u.DeleteAsync(It.IsAny<UserId>(), It.IsAny<CancellationToken>()), Times.Never);
    }

    [Test]
    public async Task Handle_WhenAMasterDeletesAnotherUserWithoutAPassword_DeletesWithoutHashing()
    {
        await Handler().Handle(new DeleteUserCommand(Master, _ann.Id.Value, null), CancellationToken.None);

        _fixture.Hasher.VerifyNoOtherCalls();
        _fixture.Users.Verify(u => u.DeleteAsync(_ann.Id, It.IsAny<CancellationToken>()), Times.Once);
        _fixture.Events.Verify(e => e.UserDeleted(_ann.Id, _master.Id, _masterDevice, 2, TestData.ClientAddress), Times.Once);
    }

    [Test]
    public void Handle_WhenAMasterSendsAWrongPasswordOfTheirOwn_IsRefusedRatherThanIgnored()
    {
        var error = Assert.ThrowsAsync<DomainException>(async () =>
            await Handler().Handle(new DeleteUserCommand(Master, _ann.Id.Value, AnnPassword), CancellationToken.None));

        Assert.That(error!.Error, Is.EqualTo(Errors.CurrentPasswordInvalid));
        _fixture.Hasher.Verify(h => h.VerifyAsync(AnnPassword, _master.PasswordHash, It.IsAny<CancellationToken>()), Times.Once);
        _fixture.Users.Verify(u => u.DeleteAsync(It.IsAny<UserId>(), It.IsAny<CancellationToken>()), Times.Never);
    }

    [Test]
    public void Handle_WhenTheStoreRefusesTheLastMaster_PassesLastMasterOnAndRecordsNothing()
    {
        _fixture.Users.Setup(u => u.DeleteAsync(_master.Id, It.IsAny<CancellationToken>())).ThrowsAsync(new DomainException(Errors.LastMaster));

        var error = Assert.ThrowsAsync<DomainException>(async () =>
            await Handler().Handle(new DeleteUserCommand(Master, "me", MasterPassword), CancellationToken.None));

        Assert.That(error!.Error, Is.EqualTo(Errors.LastMaster));
        Assert.That(error.Error.Kind, Is.EqualTo(ErrorKind.Collision));
        _fixture.Events.Verify(e => e.UserDeleted(It.IsAny<UserId>(), It.IsAny<UserId>(), It.IsAny<DeviceId>(), It.IsAny<int>(), It.IsAny<string>()), Times.Never);
    }

    [Test]
    public async Task Handle_WhenTheStoreLosesARaceOnce_TriesAgain()
    {
        _fixture.Users.SetupSequence(u => u.DeleteAsync(_ann.Id, It.IsAny<CancellationToken>()))
            .ThrowsAsync(new ConcurrencyException("user", _ann.Id.Value))
            .ReturnsAsync(_ann);

        await Handler().Handle(new DeleteUserCommand(Master, _ann.Id.Value, null), CancellationToken.None);

        _fixture.Users.Verify(u => u.DeleteAsync(_ann.Id, It.IsAny<CancellationToken>()), Times.Exactly(2));
        _fixture.Events.Verify(e => e.UserDeleted(_ann.Id, _master.Id, _masterDevice, 2, TestData.ClientAddress), Times.Once);
    }

    [Test]
    public void Handle_WhenTheUserDoesNotExist_IsUserNotFound()
    {
        var error = Assert.ThrowsAsync<DomainException>(async () =>
            await Handler().Handle(new DeleteUserCommand(Master, UserId.New().Value, null), CancellationToken.None));

        Assert.That(error!.Error, Is.EqualTo(Errors.UserNotFound));
        _fixture.Users.Verify(u => u.DeleteAsync(It.IsAny<UserId>(), It.IsAny<CancellationToken>()), Times.Never);
    }

    [Test]
    public void Handle_WhenTheUserWasDeletedBetweenTheReadAndTheDelete_IsUserNotFound()
    {
        _fixture.Users.Setup(u => u.DeleteAsync(_ann.Id, It.IsAny<CancellationToken>())).ReturnsAsync((User?)null);

        var error = Assert.ThrowsAsync<DomainException>(async () =>
            await Handler().Handle(new DeleteUserCommand(Master, _ann.Id.Value, null), CancellationToken.None));

        Assert.That(error!.Error, Is.EqualTo(Errors.UserNotFound));
        _fixture.Events.Verify(e => e.UserDeleted(It.IsAny<UserId>(), It.IsAny<UserId>(), It.IsAny<DeviceId>(), It.IsAny<int>(), It.IsAny<string>()), Times.Never);
    }

    [Test]
    public void Handle_WhenANonMasterDeletesAnotherUser_IsForbiddenBeforeAnyRead()
    {
        var error = Assert.ThrowsAsync<DomainException>(async () =>
            await Handler().Handle(new DeleteUserCommand(Ann, _master.Id.Value, AnnPassword), CancellationToken.None));

        Assert.That(error!.Error, Is.EqualTo(Errors.Forbidden));
        _fixture.Users.VerifyNoOtherCalls();
        _fixture.Hasher.VerifyNoOtherCalls();
    }

    [Test]
    public void Handle_WhenTheCallerHasOnlyAPublicToken_IsForbidden()
    {
        var error = Assert.ThrowsAsync<DomainException>(async () =>
            await Handler().Handle(new DeleteUserCommand(Caller.Public(DeviceId.New()), _ann.Id.Value, null), CancellationToken.None));

        Assert.That(error!.Error, Is.EqualTo(Errors.Forbidden));
        _fixture.Users.VerifyNoOtherCalls();
    }

    [Test]
    public void ToString_ShowsNoPassword() =>
        Assert.That(
            new DeleteUserCommand(Ann, "me", AnnPassword).ToString(),
            Does.Not.Contain(AnnPassword));

    private DeleteUserHandler Handler() => new(_fixture.Users.Object, _fixture.PasswordCheck(), _fixture.Guard(), _fixture.Events.Object);
}
