using Ludmin.Application.Tokens.VerifySession;
using Ludmin.Domain.Users;
using Moq;

namespace Ludmin.UnitTests.Application.Tokens;

/// <summary>
/// The session check asks the store one narrow question; what counts as a live session (current
/// login, other devices, logouts, other users) is checked against the real engines by the
/// storage contract (<c>HasSession_*</c>).
/// </summary>
public sealed class VerifySessionHandlerTests
{
    private readonly Mock<IUserRepository> _users = new(MockBehavior.Strict);
    private readonly UserId _user = UserId.New();
    private readonly DeviceId _device = DeviceId.New();
    private readonly SessionId _session = SessionId.New();

    [TestCase(true)]
    [TestCase(false)]
    public async Task Handle_AnswersWhatTheStoreSaysOfExactlyThisUserDeviceAndSession(bool live)
    {
        _users.Setup(u => u.HasSessionAsync(_user, _device, _session, It.IsAny<CancellationToken>())).ReturnsAsync(live);

        var answer = await new VerifySessionHandler(_users.Object).Handle(new VerifySessionQuery(_user, _device, _session), CancellationToken.None);

        Assert.That(answer, Is.EqualTo(live));
        _users.Verify(u => u.HasSessionAsync(_user, _device, _session, It.IsAny<CancellationToken>()), Times.Once);
    }
}
