using Ludmin.Application.Common;
using Ludmin.Application.Common.Ports;
using Ludmin.Application.PasswordResets.RequestReset;
using Ludmin.Domain.Common;
using Ludmin.Domain.Users;
using Ludmin.UnitTests.Support;
using Moq;

namespace Ludmin.UnitTests.Application.PasswordResets;

/// <summary>
/// Finding 5 of issue 23: the request's own path only queues the work, the same for an address
/// with an account and one without; nothing is looked up, stored or delivered before the answer.
/// </summary>
public sealed class RequestResetHandlerTests
{
    private readonly HandlerFixture _fixture = new();
    private readonly Mock<IResetRequestQueue> _queue = new();

    public RequestResetHandlerTests()
    {
        _fixture.Stored(TestData.User("ann@example.com"));
        _queue.Setup(q => q.TryEnqueue(It.IsAny<QueuedResetRequest>())).Returns(true);
    }

    [TestCase("ann@example.com")]
    [TestCase("nobody@example.com")]
    public async Task Handle_WhetherTheAddressHasAnAccountOrNot_QueuesTheRequestAndTouchesNothingElse(string email)
    {
        var caller = TestData.Visitor();

        await Handler().Handle(new RequestResetCommand(caller, email), CancellationToken.None);

        _queue.Verify(q => q.TryEnqueue(new QueuedResetRequest(caller, EmailAddress.Create(email))), Times.Once);
        _queue.VerifyNoOtherCalls();
        _fixture.Users.VerifyNoOtherCalls();
        _fixture.Events.VerifyNoOtherCalls();
    }

    [Test]
    public async Task Handle_WhenTheAddressHasSpentItsAllowance_QueuesNothing()
    {
        await Handler().Handle(new RequestResetCommand(TestData.Visitor(), "ann@example.com", WithinAllowance: false), CancellationToken.None);

        _queue.VerifyNoOtherCalls();
        _fixture.Users.VerifyNoOtherCalls();
    }

    [Test]
    public void Handle_WhenTheQueueIsFull_RefusesAsBusy()
    {
        _queue.Setup(q => q.TryEnqueue(It.IsAny<QueuedResetRequest>())).Returns(false);

        Assert.That(
            async () => await Handler().Handle(new RequestResetCommand(TestData.Visitor(), "ann@example.com"), CancellationToken.None),
            Throws.TypeOf<ServerBusyException>().With.Property(nameof(DomainException.Error)).EqualTo(Errors.ServerBusy));
    }

    private RequestResetHandler Handler() => new(_queue.Object);
}
