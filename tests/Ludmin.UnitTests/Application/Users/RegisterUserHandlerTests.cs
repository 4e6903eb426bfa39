using Ludmin.Application.Users.RegisterUser;
using Ludmin.Domain.Common;
using Ludmin.Domain.Users;
using Ludmin.UnitTests.Support;
using Moq;

namespace Ludmin.UnitTests.Application.Users;

public sealed class RegisterUserHandlerTests
{
    private readonly HandlerFixture _fixture = new();
    private readonly PasswordHash _hash = TestData.Hash("fresh-hash");
    private readonly RegistrationTurns _turns = new();

    public RegisterUserHandlerTests() =>
        _fixture.Hashes("s3cret-password", _hash);

    [Test]
    public async Task Handle_WhenGivenAValidCommand_AddsTheUserAndReturnsTheFullProfile()
    {
        User? added = null;
        _fixture.Users.Setup(u => u.AddAsync(It.IsAny<User>(), It.IsAny<CancellationToken>()))
            .Callback<User, CancellationToken>((user, _) => added = user)
            .Returns(Task.CompletedTask);

        var profile = await Handler().Handle(Command(), CancellationToken.None);

        Assert.That(added, Is.Not.Null);
        Assert.Multiple(() =>
        {
            Assert.That(added!.FullName.Value, Is.EqualTo("Ann Lee"));
            Assert.That(added.CurrentEmail.Value, Is.EqualTo("Ann@Example.com"));
            Assert.That(added.PasswordHash, Is.SameAs(_hash));
            Assert.That(added.IsMaster, Is.False);
            Assert.That(added.CreatedAt, Is.EqualTo(TestData.Now));
            Assert.That(profile.Id, Is.EqualTo(added.Id.Value));
            Assert.That(profile.Id, Does.Match("^[0-9a-f]{32}$"));
            Assert.That(profile.FullName, Is.EqualTo("Ann Lee"));
            Assert.That(profile.CurrentEmail, Is.EqualTo("Ann@Example.com"));
            Assert.That(profile.Emails, Has.Count.EqualTo(1));
            Assert.That(profile.Emails[0].Email, Is.EqualTo("Ann@Example.com"));
            Assert.That(profile.Emails[0].Current, Is.True);
            Assert.That(profile.Emails[0].Verified, Is.False);
            Assert.That(profile.Devices, Is.Empty);
            Assert.That(profile.IsMaster, Is.False);
            Assert.That(profile.CreatedAt, Is.EqualTo(TestData.Now));
            Assert.That(profile.UpdatedAt, Is.EqualTo(TestData.Now));
        });
    }

    [Test]
    public void Handle_WhenTheStoreSaysTheEmailIsTaken_RefusesWithEmailInUse()
    {
        _fixture.Users.Setup(u => u.AddAsync(It.IsAny<User>(), It.IsAny<CancellationToken>()))
            .ThrowsAsync(new DomainException(Errors.EmailInUse, field: "email"));

        Assert.That(async () => await Handler().Handle(Command(), CancellationToken.None), Refused.With(Errors.EmailInUse));
    }

    [Test]
    public void Handle_WhenTheHasherIsBusy_RefusesWithServerBusyAndAddsNothing()
    {
        _fixture.Hasher.Setup(h => h.HashAsync(It.IsAny<string>(), It.IsAny<CancellationToken>()))
            .ThrowsAsync(new DomainException(Errors.ServerBusy));

        Assert.That(async () => await Handler().Handle(Command(), CancellationToken.None), Refused.With(Errors.ServerBusy));
        _fixture.Users.Verify(u => u.AddAsync(It.IsAny<User>(), It.IsAny<CancellationToken>()), Times.Never);
    }

    [Test]
    public void Handle_WhenTheAddressIsTaken_RefusesWithEmailInUseBeforeAnyHash()
    {
        _fixture.Stored(TestData.User("ann@example.com"));

        Assert.That(async () => await Handler().Handle(Command(), CancellationToken.None), Refused.With(Errors.EmailInUse));
        _fixture.Hasher.Verify(h => h.HashAsync(It.IsAny<string>(), It.IsAny<CancellationToken>()), Times.Never);
        _fixture.Users.Verify(u => u.AddAsync(It.IsAny<User>(), It.IsAny<CancellationToken>()), Times.Never);
        _fixture.Events.VerifyNoOtherCalls();
    }

    [Test]
    public async Task Handle_WhenTwoRegistrationsOfOneAddressMeet_TheSecondWaitsForTheFirstAndIsRefusedWithoutAHash()
    {
        var firstHash = new TaskCompletionSource<PasswordHash>();
        _fixture.Hasher.Setup(h => h.HashAsync(It.IsAny<string>(), It.IsAny<CancellationToken>()))
            .Returns(() => new ValueTask<PasswordHash>(firstHash.Task));
        _fixture.Users.Setup(u => u.AddAsync(It.IsAny<User>(), It.IsAny<CancellationToken>()))
            .Callback<User, CancellationToken>((user, _) => _fixture.Stored(user))
            .Returns(Task.CompletedTask);

        var first = Handler().Handle(Command(), CancellationToken.None).AsTask();
        var second = Handler().Handle(Command(), CancellationToken.None).AsTask();

        _fixture.Hasher.Verify(h => h.HashAsync(It.IsAny<string>(), It.IsAny<CancellationToken>()), Times.Once);
        Assert.That(second.IsCompleted, Is.False);
        firstHash.SetResult(_hash);
        await first;
        Assert.That(async () => await second, Refused.With(Errors.EmailInUse));
        _fixture.Hasher.Verify(h => h.HashAsync(It.IsAny<string>(), It.IsAny<CancellationToken>()), Times.Once);
    }

    [Test]
    public async Task Handle_WhenTheFirstOfTwoRegistrationsFails_TheSecondHashesAndRegisters()
    {
        _fixture.Hasher.SetupSequence(h => h.HashAsync(It.IsAny<string>(), It.IsAny<CancellationToken>()))
            .ThrowsAsync(new DomainException(Errors.ServerBusy))
            .ReturnsAsync(_hash);

        Assert.That(async () => await Handler().Handle(Command(), CancellationToken.None), Refused.With(Errors.ServerBusy));
        var profile = await Handler().Handle(Command(), CancellationToken.None);

        Assert.That(profile.CurrentEmail, Is.EqualTo("Ann@Example.com"));
    }

    [Test]
    public async Task Handle_WhenTheAddressIsFree_StillLetsTheStoreDecide()
    {
        await Handler().Handle(Command(), CancellationToken.None);

        _fixture.Hasher.Verify(h => h.HashAsync("s3cret-password", It.IsAny<CancellationToken>()), Times.Once);
        _fixture.Users.Verify(u => u.AddAsync(It.IsAny<User>(), It.IsAny<CancellationToken>()), Times.Once);
    }

    [Test]
    public async Task Handle_WhenTheUserIsAdded_ReportsTheRegistrationOfThatUser()
    {
        User? added = null;
        _fixture.Users.Setup(u => u.AddAsync(It.IsAny<User>(), It.IsAny<CancellationToken>()))
            .Callback<User, CancellationToken>((user, _) => added = user)
            .Returns(Task.CompletedTask);

        await Handler().Handle(Command(), CancellationToken.None);

        Assert.That(added, Is.Not.Null);
        _fixture.Events.Verify(e => e.UserRegistered(added!.Id, TestData.ClientAddress), Times.Once);
        _fixture.Events.VerifyNoOtherCalls();
    }

    [Test]
    public void Handle_WhenTheStoreRefusesTheUser_ReportsNoRegistration()
    {
        _fixture.Users.Setup(u => u.AddAsync(It.IsAny<User>(), It.IsAny<CancellationToken>()))
            .ThrowsAsync(new DomainException(Errors.EmailInUse, field: "email"));

        Assert.That(async () => await Handler().Handle(Command(), CancellationToken.None), Refused.With(Errors.EmailInUse));
        _fixture.Events.VerifyNoOtherCalls();
    }

    [Test]
    public void Handle_WhenTheHasherIsBusy_ReportsNoRegistration()
    {
        _fixture.Hasher.Setup(h => h.HashAsync(It.IsAny<string>(), It.IsAny<CancellationToken>()))
            .ThrowsAsync(new DomainException(Errors.ServerBusy));

        Assert.That(async () => await Handler().Handle(Command(), CancellationToken.None), Refused.With(Errors.ServerBusy));
        _fixture.Events.VerifyNoOtherCalls();
    }

    private static RegisterUserCommand Command() => new(TestData.Visitor(), "  Ann Lee ", " Ann@Example.com ", "s3cret-password", "s3cret-password");

    private RegisterUserHandler Handler() => new(_fixture.Users.Object, _fixture.Hasher.Object, _fixture.Events.Object, _fixture.Clock, _turns);
}
