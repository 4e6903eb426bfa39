using Ludmin.Application.Common;
using Ludmin.Application.Users.PromoteMaster;
using Ludmin.Domain.Common;
using Ludmin.Domain.Users;
using Ludmin.UnitTests.Support;
using Moq;

namespace Ludmin.UnitTests.Application.Users;

public sealed class PromoteMasterHandlerTests
{
    private readonly HandlerFixture _fixture = new();
    private readonly User _user = TestData.User("ann@example.com");

    public PromoteMasterHandlerTests() => _fixture.Stored(_user);

    [Test]
    public async Task Handle_WhenUserHasTheAddressAsCurrent_PromotesAndSaves()
    {
        var outcome = await Handler().Handle(Command("ANN@example.com", password: null), CancellationToken.None);

        Assert.That(outcome, Is.EqualTo(PromoteMasterOutcome.Promoted));
        Assert.That(_user.IsMaster, Is.True);
        _fixture.Users.Verify(u => u.UpdateAsync(_user, It.IsAny<CancellationToken>()), Times.Once);
    }

    [Test]
    public async Task Handle_WhenUserIsAlreadyMaster_SavesNothing()
    {
        _user.PromoteToMaster(TestData.Now);

        var outcome = await Handler().Handle(Command("ann@example.com", "a password"), CancellationToken.None);

        Assert.That(outcome, Is.EqualTo(PromoteMasterOutcome.AlreadyMaster));
        _fixture.Users.Verify(u => u.UpdateAsync(It.IsAny<User>(), It.IsAny<CancellationToken>()), Times.Never);
        _fixture.Hasher.VerifyNoOtherCalls();
    }

    [Test]
    public void Handle_WhenAddressIsOnlyInTheUsersHistory_RefusesWithUserNotFound()
    {
        _user.ChangeEmail(EmailAddress.Create("ann@example.org"), TestData.Now);

        Assert.That(
            async () => await Handler().Handle(Command("ann@example.com", "a password"), CancellationToken.None),
            Refused.With(Errors.UserNotFound));
        Assert.That(_user.IsMaster, Is.False);
        _fixture.Users.Verify(u => u.UpdateAsync(It.IsAny<User>(), It.IsAny<CancellationToken>()), Times.Never);
        _fixture.Users.Verify(u => u.AddAsync(It.IsAny<User>(), It.IsAny<CancellationToken>()), Times.Never);
    }

    [Test]
    public void Handle_WhenNobodyHasTheAddressAndNoPasswordIsGiven_RefusesWithUserNotFound()
    {
        Assert.That(
            async () => await Handler().Handle(Command("nobody@example.com", password: null), CancellationToken.None),
            Refused.With(Errors.UserNotFound));
        _fixture.Users.Verify(u => u.AddAsync(It.IsAny<User>(), It.IsAny<CancellationToken>()), Times.Never);
    }

    [Test]
    public async Task Handle_WhenNobodyHasTheAddressAndAPasswordIsGiven_CreatesAMaster()
    {
        var hash = TestData.Hash("master-hash");
        _fixture.Hasher.Setup(h => h.HashAsync("master password", It.IsAny<CancellationToken>())).ReturnsAsync(hash);
        User? added = null;
        _fixture.Users.Setup(u => u.AddAsync(It.IsAny<User>(), It.IsAny<CancellationToken>()))
            .Callback<User, CancellationToken>((user, _) => added = user)
            .Returns(Task.CompletedTask);

        var outcome = await Handler().Handle(Command("Root@Example.com", "master password"), CancellationToken.None);

        Assert.That(outcome, Is.EqualTo(PromoteMasterOutcome.Created));
        Assert.That(added, Is.Not.Null);
        Assert.Multiple(() =>
        {
            Assert.That(added!.IsMaster, Is.True);
            Assert.That(added.CurrentEmail.Value, Is.EqualTo("Root@Example.com"));
            Assert.That(added.PasswordHash, Is.SameAs(hash));
            Assert.That(added.FullName.Value, Is.Not.Empty);
        });
    }

    [Test]
    public async Task Handle_WhenAnotherRequestSavedFirst_ReloadsAndRetries()
    {
        var reloaded = _fixture.LosesTheFirstSave(_user);

        var outcome = await Handler().Handle(Command("ann@example.com", null), CancellationToken.None);

        Assert.That(outcome, Is.EqualTo(PromoteMasterOutcome.Promoted));
        Assert.That(reloaded.IsMaster, Is.True);
        _fixture.Users.Verify(u => u.UpdateAsync(reloaded, It.IsAny<CancellationToken>()), Times.Once);
    }

    [Test]
    public async Task Handle_WhenTheReloadShowsSomebodyElsePromotedFirst_ReportsAlreadyMaster()
    {
        var reloaded = TestData.Copy(_user);
        reloaded.PromoteToMaster(TestData.Now);
        _fixture.Users.SetupSequence(u => u.UpdateAsync(It.IsAny<User>(), It.IsAny<CancellationToken>()))
            .ThrowsAsync(new ConcurrencyException("user", _user.Id.Value));
        _fixture.Users.Setup(u => u.FindByIdAsync(_user.Id, It.IsAny<CancellationToken>())).ReturnsAsync(reloaded);

        var outcome = await Handler().Handle(Command("ann@example.com", null), CancellationToken.None);

        Assert.That(outcome, Is.EqualTo(PromoteMasterOutcome.AlreadyMaster));
        _fixture.Users.Verify(u => u.UpdateAsync(It.IsAny<User>(), It.IsAny<CancellationToken>()), Times.Once);
    }

    [Test]
    public async Task Handle_WhenAnotherInstanceCreatedTheMasterFirst_ReadsItAgainAndReportsAlreadyMaster()
    {
        var winner = TestData.User("root@example.com");
        winner.PromoteToMaster(TestData.Now);
        _fixture.Users.SetupSequence(u => u.FindByEmailAsync(It.Is<EmailAddress>(e => e.Normalized == "root@example.com"), It.IsAny<CancellationToken>()))
            .ReturnsAsync((User?)null)
            .ReturnsAsync(winner);
        _fixture.Users.Setup(u => u.AddAsync(It.IsAny<User>(), It.IsAny<CancellationToken>())).ThrowsAsync(new DomainException(Errors.EmailInUse, field: "email"));
        _fixture.Hasher.Setup(h => h.HashAsync("master password", It.IsAny<CancellationToken>())).ReturnsAsync(TestData.Hash("master-hash"));

        var outcome = await Handler().Handle(Command("root@example.com", "master password"), CancellationToken.None);

        Assert.That(outcome, Is.EqualTo(PromoteMasterOutcome.AlreadyMaster));
        _fixture.Users.Verify(u => u.FindByEmailAsync(It.IsAny<EmailAddress>(), It.IsAny<CancellationToken>()), Times.Exactly(2));
        _fixture.Users.Verify(u => u.UpdateAsync(It.IsAny<User>(), It.IsAny<CancellationToken>()), Times.Never);
        _fixture.Events.VerifyNoOtherCalls();
    }

    [Test]
    public async Task Handle_WhenSomebodyRegisteredTheAddressBetweenTheReadAndTheInsert_PromotesThem()
    {
        var registered = TestData.User("root@example.com");
        _fixture.Users.SetupSequence(u => u.FindByEmailAsync(It.Is<EmailAddress>(e => e.Normalized == "root@example.com"), It.IsAny<CancellationToken>()))
            .ReturnsAsync((User?)null)
            .ReturnsAsync(registered);
        _fixture.Users.Setup(u => u.AddAsync(It.IsAny<User>(), It.IsAny<CancellationToken>())).ThrowsAsync(new DomainException(Errors.EmailInUse, field: "email"));
        _fixture.Hasher.Setup(h => h.HashAsync("master password", It.IsAny<CancellationToken>())).ReturnsAsync(TestData.Hash("master-hash"));

        var outcome = await Handler().Handle(Command("root@example.com", "master password"), CancellationToken.None);

        Assert.That(outcome, Is.EqualTo(PromoteMasterOutcome.Promoted));
        Assert.That(registered.IsMaster, Is.True);
        _fixture.Users.Verify(u => u.UpdateAsync(registered, It.IsAny<CancellationToken>()), Times.Once);
        _fixture.Events.Verify(e => e.MasterPromoted(registered.Id, false, Caller.LocalAddress), Times.Once);
        _fixture.Events.VerifyNoOtherCalls();
    }

    [Test]
    public void Handle_WhenTheLostRaceWasToAUserWhoSinceMovedOn_RefusesWithUserNotFound()
    {
        var moved = TestData.User("root@example.com");
        moved.ChangeEmail(EmailAddress.Create("root@example.org"), TestData.Now);
        _fixture.Users.SetupSequence(u => u.FindByEmailAsync(It.Is<EmailAddress>(e => e.Normalized == "root@example.com"), It.IsAny<CancellationToken>()))
            .ReturnsAsync((User?)null)
            .ReturnsAsync(moved);
        _fixture.Users.Setup(u => u.AddAsync(It.IsAny<User>(), It.IsAny<CancellationToken>())).ThrowsAsync(new DomainException(Errors.EmailInUse, field: "email"));
        _fixture.Hasher.Setup(h => h.HashAsync("master password", It.IsAny<CancellationToken>())).ReturnsAsync(TestData.Hash("master-hash"));

        Assert.That(
            async () => await Handler().Handle(Command("root@example.com", "master password"), CancellationToken.None),
            Refused.With(Errors.UserNotFound));
        Assert.That(moved.IsMaster, Is.False);
    }

    [Test]
    public async Task Handle_WhenAUserIsPromoted_ReportsThePromotionOfAnExistingUser()
    {
        await Handler().Handle(Command("ann@example.com", password: null), CancellationToken.None);

        _fixture.Events.Verify(e => e.MasterPromoted(_user.Id, false, Caller.LocalAddress), Times.Once);
        _fixture.Events.VerifyNoOtherCalls();
    }

    [Test]
    public async Task Handle_WhenAMasterIsCreated_ReportsThePromotionOfTheNewUser()
    {
        _fixture.Hasher.Setup(h => h.HashAsync("master password", It.IsAny<CancellationToken>())).ReturnsAsync(TestData.Hash("master-hash"));
        User? added = null;
        _fixture.Users.Setup(u => u.AddAsync(It.IsAny<User>(), It.IsAny<CancellationToken>()))
            .Callback<User, CancellationToken>((user, _) => added = user)
            .Returns(Task.CompletedTask);

        await Handler().Handle(Command("root@example.com", "master password"), CancellationToken.None);

        Assert.That(added, Is.Not.Null);
        _fixture.Events.Verify(e => e.MasterPromoted(added!.Id, true, Caller.LocalAddress), Times.Once);
        _fixture.Events.VerifyNoOtherCalls();
    }

    [Test]
    public async Task Handle_WhenUserIsAlreadyMaster_ReportsNothing()
    {
        _user.PromoteToMaster(TestData.Now);

        await Handler().Handle(Command("ann@example.com", null), CancellationToken.None);

        _fixture.Events.VerifyNoOtherCalls();
    }

    [Test]
    public async Task Handle_WhenTheSaveHadToBeRetried_ReportsThePromotionOnce()
    {
        var reloaded = _fixture.LosesTheFirstSave(_user);

        await Handler().Handle(Command("ann@example.com", null), CancellationToken.None);

        _fixture.Events.Verify(e => e.MasterPromoted(_user.Id, false, Caller.LocalAddress), Times.Once);
        _fixture.Events.VerifyNoOtherCalls();
    }

    [Test]
    public void Handle_WhenRefused_ReportsNothing()
    {
        Assert.That(
            async () => await Handler().Handle(Command("nobody@example.com", password: null), CancellationToken.None),
            Refused.With(Errors.UserNotFound));
        _fixture.Events.VerifyNoOtherCalls();
    }

    [Test]
    public async Task Handle_BootstrapWhenTheStoreHasNoMasterAndNobodyHasTheAddress_CreatesTheMaster()
    {
        _fixture.Hashes("master password", TestData.Hash("master-hash"));
        User? added = null;
        _fixture.Users.Setup(u => u.AddAsync(It.IsAny<User>(), It.IsAny<CancellationToken>()))
            .Callback<User, CancellationToken>((user, _) => added = user)
            .Returns(Task.CompletedTask);

        var outcome = await Handler().Handle(Bootstrap("root@example.com", "master password"), CancellationToken.None);

        Assert.That(outcome, Is.EqualTo(PromoteMasterOutcome.Created));
        Assert.That(added?.IsMaster, Is.True);
        _fixture.Events.Verify(e => e.MasterPromoted(added!.Id, true, Caller.LocalAddress), Times.Once);
    }

    [Test]
    public async Task Handle_BootstrapWhenAMasterExistsAndSomebodyElseNowHoldsTheAddress_PromotesNobody()
    {
        // The bootstrap master closed its account; a stranger registered the address with a password of their own.
        _fixture.Users.Setup(u => u.AnyMasterAsync(It.IsAny<CancellationToken>())).ReturnsAsync(true);
        _fixture.PasswordIs(_user, "the stranger's password");

        var outcome = await Handler().Handle(Bootstrap("ann@example.com", "master password"), CancellationToken.None);

        Assert.That(outcome, Is.EqualTo(PromoteMasterOutcome.MasterExists));
        AssertNobodyPromoted();
    }

    [Test]
    public async Task Handle_BootstrapWhenNoMasterExistsAndTheHoldersPasswordIsNotTheConfiguredOne_PromotesNobody()
    {
        _fixture.PasswordIs(_user, "the stranger's password");

        var outcome = await Handler().Handle(Bootstrap("ann@example.com", "master password"), CancellationToken.None);

        Assert.That(outcome, Is.EqualTo(PromoteMasterOutcome.NotTheConfiguredAccount));
        AssertNobodyPromoted();
    }

    [Test]
    public async Task Handle_BootstrapWhenNoPasswordIsConfiguredAndSomebodyHoldsTheAddress_PromotesNobody()
    {
        var outcome = await Handler().Handle(Bootstrap("ann@example.com", password: null), CancellationToken.None);

        Assert.That(outcome, Is.EqualTo(PromoteMasterOutcome.NotTheConfiguredAccount));
        AssertNobodyPromoted();
        _fixture.Hasher.VerifyNoOtherCalls();
    }

    [Test]
    public async Task Handle_BootstrapWhenTheAddressIsOnlyInAUsersHistory_PromotesNobody()
    {
        _user.ChangeEmail(EmailAddress.Create("ann@example.org"), TestData.Now);
        _fixture.PasswordIs(_user, "master password");

        var outcome = await Handler().Handle(Bootstrap("ann@example.com", "master password"), CancellationToken.None);

        Assert.That(outcome, Is.EqualTo(PromoteMasterOutcome.NotTheConfiguredAccount));
        AssertNobodyPromoted();
    }

    [Test]
    public async Task Handle_BootstrapWhenTheConfiguredPasswordVerifiesAgainstTheHolders_PromotesThem()
    {
        _fixture.PasswordIs(_user, "master password");

        var outcome = await Handler().Handle(Bootstrap("ann@example.com", "master password"), CancellationToken.None);

        Assert.That(outcome, Is.EqualTo(PromoteMasterOutcome.Promoted));
        Assert.That(_user.IsMaster, Is.True);
        _fixture.Users.Verify(u => u.UpdateAsync(_user, It.IsAny<CancellationToken>()), Times.Once);
        _fixture.Events.Verify(e => e.MasterPromoted(_user.Id, false, Caller.LocalAddress), Times.Once);
    }

    [Test]
    public async Task Handle_BootstrapWhenTheConfiguredMasterHoldsTheAddress_ReportsAlreadyMasterAndChecksNoPassword()
    {
        _user.PromoteToMaster(TestData.Now);
        _fixture.Users.Setup(u => u.AnyMasterAsync(It.IsAny<CancellationToken>())).ReturnsAsync(true);

        var outcome = await Handler().Handle(Bootstrap("ann@example.com", "master password"), CancellationToken.None);

        Assert.That(outcome, Is.EqualTo(PromoteMasterOutcome.AlreadyMaster));
        _fixture.Hasher.VerifyNoOtherCalls();
        _fixture.Events.VerifyNoOtherCalls();
    }

    [Test]
    public async Task Handle_BootstrapWhenAnotherInstanceCreatedTheMasterFirst_ReportsAlreadyMaster()
    {
        var winner = TestData.User("root@example.com");
        winner.PromoteToMaster(TestData.Now);
        LosesTheInsertTo(winner);

        var outcome = await Handler().Handle(Bootstrap("root@example.com", "master password"), CancellationToken.None);

        Assert.That(outcome, Is.EqualTo(PromoteMasterOutcome.AlreadyMaster));
        _fixture.Users.Verify(u => u.UpdateAsync(It.IsAny<User>(), It.IsAny<CancellationToken>()), Times.Never);
        _fixture.Events.VerifyNoOtherCalls();
    }

    [Test]
    public async Task Handle_BootstrapWhenAStrangerRegisteredTheAddressBetweenTheReadAndTheInsert_PromotesNobody()
    {
        var stranger = TestData.User("root@example.com");
        LosesTheInsertTo(stranger);
        _fixture.PasswordIs(stranger, "the stranger's password");

        var outcome = await Handler().Handle(Bootstrap("root@example.com", "master password"), CancellationToken.None);

        Assert.That(outcome, Is.EqualTo(PromoteMasterOutcome.NotTheConfiguredAccount));
        Assert.That(stranger.IsMaster, Is.False);
        _fixture.Users.Verify(u => u.UpdateAsync(It.IsAny<User>(), It.IsAny<CancellationToken>()), Times.Never);
    }

    [Test]
    public void Handle_BootstrapWhenTheStoreIsEmptyAndNoPasswordIsConfigured_RefusesWithUserNotFound() =>
        Assert.That(
            async () => await Handler().Handle(Bootstrap("root@example.com", password: null), CancellationToken.None),
            Refused.With(Errors.UserNotFound));

    [Test]
    public async Task Handle_WhenTheOperatorPromotesAndAMasterExists_StillPromotesByAddress()
    {
        _fixture.Users.Setup(u => u.AnyMasterAsync(It.IsAny<CancellationToken>())).ReturnsAsync(true);

        var outcome = await Handler().Handle(Command("ann@example.com", password: null), CancellationToken.None);

        Assert.That(outcome, Is.EqualTo(PromoteMasterOutcome.Promoted));
        _fixture.Hasher.VerifyNoOtherCalls();
    }

    /// <summary>The store had nobody at the first read, then refused the new master for the address <paramref name="holder"/> holds by the second.</summary>
    private void LosesTheInsertTo(User holder)
    {
        _fixture.Users.SetupSequence(u => u.FindByEmailAsync(It.Is<EmailAddress>(e => e.Normalized == holder.CurrentEmail.Normalized), It.IsAny<CancellationToken>()))
            .ReturnsAsync((User?)null)
            .ReturnsAsync(holder);
        _fixture.Users.Setup(u => u.AddAsync(It.IsAny<User>(), It.IsAny<CancellationToken>())).ThrowsAsync(new DomainException(Errors.EmailInUse, field: "email"));
        _fixture.Hashes("master password", TestData.Hash("master-hash"));
    }

    private void AssertNobodyPromoted()
    {
        Assert.That(_user.IsMaster, Is.False);
        _fixture.Users.Verify(u => u.UpdateAsync(It.IsAny<User>(), It.IsAny<CancellationToken>()), Times.Never);
        _fixture.Users.Verify(u => u.AddAsync(It.IsAny<User>(), It.IsAny<CancellationToken>()), Times.Never);
        _fixture.Events.VerifyNoOtherCalls();
    }

    private static PromoteMasterCommand Command(string email, string? password) =>
        new(email, password, MasterPromotion.Operator);

    private static PromoteMasterCommand Bootstrap(string email, string? password) =>
        new(email, password, MasterPromotion.Bootstrap);

    private PromoteMasterHandler Handler() => new(_fixture.Users.Object, _fixture.Hasher.Object, _fixture.Events.Object, _fixture.Clock);
}
