using Ludmin.Application.Common.Options;
using Ludmin.Application.Common.Ports;
using Ludmin.Application.PasswordResets.RequestReset;
using Ludmin.Domain.Common;
using Ludmin.Domain.PasswordResets;
using Ludmin.Domain.Users;
using Ludmin.UnitTests.Support;
using Moq;

namespace Ludmin.UnitTests.Application.PasswordResets;

public sealed class RequestResetHandlerTests
{
    private readonly HandlerFixture _fixture = new();
    private readonly Mock<IPasswordResetRepository> _resets = new();
    private readonly Mock<IResetCodeProtector> _codes = new();
    private readonly Mock<IResetCodeDelivery> _delivery = new();
    private readonly ResetCodeOptions _options = new() { Lifetime = TimeSpan.FromMinutes(15) };
    private readonly User _user = TestData.User("Ann@Example.com");

    public RequestResetHandlerTests()
    {
        _fixture.Stored(_user);
        _codes.Setup(c => c.NewCode()).Returns("482913");
        _codes.Setup(c => c.Hash("482913")).Returns("keyed-hash-of-482913");
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

        await Handler().Handle(new RequestResetCommand(TestData.Visitor(), "ANN@example.com"), CancellationToken.None);

        Assert.That(stored, Is.Not.Null);
        Assert.That(delivered, Is.Not.Null);
        Assert.Multiple(() =>
        {
            Assert.That(stored!.UserId, Is.EqualTo(_user.Id));
            Assert.That(stored.CodeHash, Is.EqualTo("keyed-hash-of-482913"));
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
        await Handler().Handle(new RequestResetCommand(TestData.Visitor(), "nobody@example.com"), CancellationToken.None);

        AssertNothingIssued();
    }

    [Test]
    public async Task Handle_WhenEmailIsOnlyInTheUsersHistory_DoesNothingAndDeliversNothing()
    {
        _user.ChangeEmail(EmailAddress.Create("ann@example.org"), TestData.Now);

        await Handler().Handle(new RequestResetCommand(TestData.Visitor(), "ann@example.com"), CancellationToken.None);

        AssertNothingIssued();
    }

    [Test]
    public async Task Handle_WhenEmailIsAUsersCurrentAddress_ReportsTheRequestForThatUser()
    {
        await Handler().Handle(new RequestResetCommand(TestData.Visitor(), "ann@example.com"), CancellationToken.None);

        _fixture.Events.Verify(e => e.ResetRequested(_user.Id, TestData.ClientAddress), Times.Once);
        _fixture.Events.VerifyNoOtherCalls();
    }

    [Test]
    public async Task Handle_WhenEmailIsUnknown_ReportsARequestForNobody()
    {
        await Handler().Handle(new RequestResetCommand(TestData.Visitor(), "nobody@example.com"), CancellationToken.None);

        _fixture.Events.Verify(e => e.ResetRequested(null, TestData.ClientAddress), Times.Once);
        _fixture.Events.VerifyNoOtherCalls();
    }

    [Test]
    public async Task Handle_WhenEmailIsOnlyInTheUsersHistory_ReportsARequestForNobody()
    {
        _user.ChangeEmail(EmailAddress.Create("ann@example.org"), TestData.Now);

        await Handler().Handle(new RequestResetCommand(TestData.Visitor(), "ann@example.com"), CancellationToken.None);

        _fixture.Events.Verify(e => e.ResetRequested(null, TestData.ClientAddress), Times.Once);
        _fixture.Events.VerifyNoOtherCalls();
    }

    [Test]
    public void Handle_WhenDeliveryFails_ReportsNoRequest()
    {
        _delivery.Setup(d => d.DeliverAsync(It.IsAny<ResetCodeMessage>(), It.IsAny<CancellationToken>()))
            .ThrowsAsync(new IOException("pickup folder is gone"));

        Assert.That(async () => await Handler().Handle(new RequestResetCommand(TestData.Visitor(), "ann@example.com"), CancellationToken.None), Throws.TypeOf<IOException>());
        _fixture.Events.VerifyNoOtherCalls();
    }

    [Test]
    public async Task Handle_WhenTheAccountIsClosedBeforeTheCodeIsStored_DeliversNothingAndAnswersAsForNobody()
    {
        _resets.Setup(r => r.ReplaceAsync(It.IsAny<PasswordReset>(), It.IsAny<CancellationToken>()))
            .ThrowsAsync(new DomainException(Errors.UserNotFound));

        await Handler().Handle(new RequestResetCommand(TestData.Visitor(), "ann@example.com"), CancellationToken.None);

        _delivery.VerifyNoOtherCalls();
        _fixture.Events.Verify(e => e.ResetRequested(null, TestData.ClientAddress), Times.Once);
        _fixture.Events.VerifyNoOtherCalls();
    }

    private RequestResetHandler Handler() =>
        new(_fixture.Users.Object, _resets.Object, _codes.Object, _delivery.Object, _options, _fixture.Events.Object, _fixture.Clock);

    private void AssertNothingIssued()
    {
        _codes.VerifyNoOtherCalls();
        _resets.VerifyNoOtherCalls();
        _delivery.VerifyNoOtherCalls();
    }
}
