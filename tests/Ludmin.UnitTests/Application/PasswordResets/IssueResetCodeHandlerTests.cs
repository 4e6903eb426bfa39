using Ludmin.Application.Common.Options;
using Ludmin.Application.Common.Ports;
using Ludmin.Application.PasswordResets.IssueResetCode;
using Ludmin.Domain.Common;
using Ludmin.Domain.PasswordResets;
using Ludmin.Domain.Users;
using Ludmin.UnitTests.Support;
using Moq;

namespace Ludmin.UnitTests.Application.PasswordResets;

/// <summary>The work behind a reset request, after its answer: a new code, or the live one again.</summary>
public sealed class IssueResetCodeHandlerTests
{
    private readonly HandlerFixture _fixture = new();
    private readonly Mock<IPasswordResetRepository> _resets = new();
    private readonly Mock<IResetCodeProtector> _codes = new();
    private readonly Mock<IResetCodeDelivery> _delivery = new();
    private readonly ResetCodeOptions _options = new() { Lifetime = TimeSpan.FromMinutes(15) };
    private readonly User _user = TestData.User("Ann@Example.com");

    public IssueResetCodeHandlerTests()
    {
        _fixture.Stored(_user);
        _codes.Setup(c => c.NewCode()).Returns("482913");
        _codes.Setup(c => c.Hash("482913")).Returns("keyed-hash-of-482913");
        _codes.Setup(c => c.Seal("482913")).Returns("sealed-482913");
    }

    [Test]
    public async Task Handle_WhenEmailIsAUsersCurrentAddress_StoresOnlyTheHashAndDeliversTheCode()
    {
        PasswordReset? stored = null;
        _resets.Setup(r => r.ReplaceAsync(It.IsAny<PasswordReset>(), It.IsAny<CancellationToken>()))
            .Callback<PasswordReset, CancellationToken>((reset, _) => stored = reset)
            .Returns(Task.CompletedTask);
        ResetCodeMessage? delivered = null;
        _delivery.Setup(d => d.DeliverAsync(It.IsAny<ResetCodeMessage>(), It.IsAny<CancellationToken>()))
            .Callback<ResetCodeMessage, CancellationToken>((message, _) => delivered = message)
            .Returns(ValueTask.CompletedTask);

        await Handler().Handle(new IssueResetCodeCommand(TestData.Visitor(), EmailAddress.Create("ANN@example.com")), CancellationToken.None);

        Assert.That(stored, Is.Not.Null);
        Assert.That(delivered, Is.Not.Null);
        Assert.Multiple(() =>
        {
            Assert.That(stored!.UserId, Is.EqualTo(_user.Id));
            Assert.That(stored.CodeHash, Is.EqualTo("keyed-hash-of-482913"));
            Assert.That(stored.SealedCode, Is.EqualTo("sealed-482913"));
            Assert.That(stored.FailedAttempts, Is.Zero);
            Assert.That(stored.ExpiresAt, Is.EqualTo(TestData.Now.AddMinutes(15)));
            Assert.That(delivered!.Email, Is.EqualTo("Ann@Example.com"), "the address as the user keeps it");
            Assert.That(delivered.Code, Is.EqualTo("482913"));
            Assert.That(delivered.ExpiresAt, Is.EqualTo(stored.ExpiresAt));
        });
    }

    [Test]
    public async Task Handle_WhenEmailIsUnknown_DoesNothingAndDeliversNothing()
    {
        await Handler().Handle(new IssueResetCodeCommand(TestData.Visitor(), EmailAddress.Create("nobody@example.com")), CancellationToken.None);

        AssertNothingIssued();
    }

    [Test]
    public async Task Handle_WhenEmailIsOnlyInTheUsersHistory_DoesNothingAndDeliversNothing()
    {
        _user.ChangeEmail(EmailAddress.Create("ann@example.org"), TestData.Now);

        await Handler().Handle(new IssueResetCodeCommand(TestData.Visitor(), EmailAddress.Create("ann@example.com")), CancellationToken.None);

        AssertNothingIssued();
    }

    [Test]
    public async Task Handle_WhenEmailIsAUsersCurrentAddress_ReportsTheRequestForThatUser()
    {
        await Handler().Handle(new IssueResetCodeCommand(TestData.Visitor(), EmailAddress.Create("ann@example.com")), CancellationToken.None);

        _fixture.Events.Verify(e => e.ResetRequested(_user.Id, TestData.ClientAddress), Times.Once);
        _fixture.Events.VerifyNoOtherCalls();
    }

    [Test]
    public async Task Handle_WhenEmailIsUnknown_ReportsARequestForNobody()
    {
        await Handler().Handle(new IssueResetCodeCommand(TestData.Visitor(), EmailAddress.Create("nobody@example.com")), CancellationToken.None);

        _fixture.Events.Verify(e => e.ResetRequested(null, TestData.ClientAddress), Times.Once);
        _fixture.Events.VerifyNoOtherCalls();
    }

    [Test]
    public async Task Handle_WhenEmailIsOnlyInTheUsersHistory_ReportsARequestForNobody()
    {
        _user.ChangeEmail(EmailAddress.Create("ann@example.org"), TestData.Now);

        await Handler().Handle(new IssueResetCodeCommand(TestData.Visitor(), EmailAddress.Create("ann@example.com")), CancellationToken.None);

        _fixture.Events.Verify(e => e.ResetRequested(null, TestData.ClientAddress), Times.Once);
        _fixture.Events.VerifyNoOtherCalls();
    }

    [Test]
    public void Handle_WhenDeliveryFails_LetsTheFailureThroughForTheWorkerToLog()
    {
        _delivery.Setup(d => d.DeliverAsync(It.IsAny<ResetCodeMessage>(), It.IsAny<CancellationToken>()))
            .ThrowsAsync(new IOException("pickup folder is gone"));

        Assert.That(async () => await Handler().Handle(new IssueResetCodeCommand(TestData.Visitor(), EmailAddress.Create("ann@example.com")), CancellationToken.None), Throws.TypeOf<IOException>());
    }

    /// <summary>Finding 3 of issue 23: a stranger's repeated requests do not void the code its owner holds.</summary>
    [Test]
    public async Task Handle_WhenALiveCodeIsStored_SendsThatCodeAgainAndStoresNothing()
    {
        var live = PasswordReset.Restore(_user.Id, "keyed-hash-of-555111", TestData.Now.AddMinutes(-5), TestData.Now.AddMinutes(10), failedAttempts: 3, version: 4, sealedCode: "sealed-555111");
        _resets.Setup(r => r.FindAsync(_user.Id, It.IsAny<CancellationToken>())).ReturnsAsync(live);
        _codes.Setup(c => c.Unseal("sealed-555111")).Returns("555111");
        _codes.Setup(c => c.Matches("555111", "keyed-hash-of-555111")).Returns(true);
        ResetCodeMessage? delivered = null;
        _delivery.Setup(d => d.DeliverAsync(It.IsAny<ResetCodeMessage>(), It.IsAny<CancellationToken>()))
            .Callback<ResetCodeMessage, CancellationToken>((message, _) => delivered = message)
            .Returns(ValueTask.CompletedTask);

        await Handler().Handle(new IssueResetCodeCommand(TestData.Visitor(), EmailAddress.Create("ann@example.com")), CancellationToken.None);

        Assert.That(delivered?.Code, Is.EqualTo("555111"));
        Assert.That(delivered!.ExpiresAt, Is.EqualTo(live.ExpiresAt), "the same code, with the same end of life");
        _resets.Verify(r => r.ReplaceAsync(It.IsAny<PasswordReset>(), It.IsAny<CancellationToken>()), Times.Never);
        _codes.Verify(c => c.NewCode(), Times.Never);
    }

    [TestCase("expired")]
    [TestCase("out of tries")]
    [TestCase("not sealed")]
    [TestCase("sealed under another key")]
    public async Task Handle_WhenTheStoredCodeCannotBeSentAgain_IssuesANewOne(string why)
    {
        var live = PasswordReset.Restore(
            _user.Id,
            "keyed-hash-of-555111",
            TestData.Now.AddMinutes(-20),
            why == "expired" ? TestData.Now.AddMinutes(-5) : TestData.Now.AddMinutes(10),
            failedAttempts: why == "out of tries" ? _options.MaxAttempts : 0,
            version: 4,
            sealedCode: why == "not sealed" ? null : "sealed-555111");
        _resets.Setup(r => r.FindAsync(_user.Id, It.IsAny<CancellationToken>())).ReturnsAsync(live);
        _codes.Setup(c => c.Unseal("sealed-555111")).Returns(why == "sealed under another key" ? null : "555111");
        _codes.Setup(c => c.Matches("555111", "keyed-hash-of-555111")).Returns(true);

        await Handler().Handle(new IssueResetCodeCommand(TestData.Visitor(), EmailAddress.Create("ann@example.com")), CancellationToken.None);

        _resets.Verify(r => r.ReplaceAsync(It.Is<PasswordReset>(p => p.CodeHash == "keyed-hash-of-482913"), It.IsAny<CancellationToken>()), Times.Once);
        _delivery.Verify(d => d.DeliverAsync(It.Is<ResetCodeMessage>(m => m.Code == "482913"), It.IsAny<CancellationToken>()), Times.Once);
    }

    [Test]
    public async Task Handle_WhenTheAccountIsClosedBeforeTheCodeIsStored_DeliversNothingAndAnswersAsForNobody()
    {
        _resets.Setup(r => r.ReplaceAsync(It.IsAny<PasswordReset>(), It.IsAny<CancellationToken>()))
            .ThrowsAsync(new DomainException(Errors.UserNotFound));

        await Handler().Handle(new IssueResetCodeCommand(TestData.Visitor(), EmailAddress.Create("ann@example.com")), CancellationToken.None);

        _delivery.VerifyNoOtherCalls();
        _fixture.Events.Verify(e => e.ResetRequested(null, TestData.ClientAddress), Times.Once);
        _fixture.Events.VerifyNoOtherCalls();
    }

    private IssueResetCodeHandler Handler() =>
        new(_fixture.Users.Object, _resets.Object, _codes.Object, _delivery.Object, _options, _fixture.Events.Object, _fixture.Clock);

    private void AssertNothingIssued()
    {
        _codes.VerifyNoOtherCalls();
        _resets.VerifyNoOtherCalls();
        _delivery.VerifyNoOtherCalls();
    }
}
