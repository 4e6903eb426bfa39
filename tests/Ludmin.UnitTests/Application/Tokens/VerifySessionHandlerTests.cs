using Ludmin.Application.Tokens.VerifySession;
using Ludmin.Domain.Users;
using Ludmin.UnitTests.Support;
using Moq;

namespace Ludmin.UnitTests.Application.Tokens;

public sealed class VerifySessionHandlerTests
{
    private readonly Mock<IUserRepository> _users = new();
    private readonly User _user = TestData.User();

    public VerifySessionHandlerTests() =>
        _users.Setup(u => u.FindByIdAsync(_user.Id, It.IsAny<CancellationToken>())).ReturnsAsync(_user);

    [Test]
    public async Task Handle_WhenDeviceIsLinkedToTheUser_IsTrue()
    {
        var device = TestData.LinkNewDevice(_user);

        Assert.That(await Handler().Handle(new VerifySessionQuery(_user.Id, device, _user.SessionOf(device)), CancellationToken.None), Is.True);
    }

    [Test]
    public async Task Handle_WhenTheDeviceLoggedInAgain_IsFalseForTheOlderSessionAndTrueForTheNewOne()
    {
        var device = TestData.LinkNewDevice(_user);
        var older = _user.SessionOf(device);

        _user.LinkDevice(device, DeviceDescription.Empty, TestData.Now.AddMinutes(1));

        Assert.That(await Handler().Handle(new VerifySessionQuery(_user.Id, device, older), CancellationToken.None), Is.False);
        Assert.That(await Handler().Handle(new VerifySessionQuery(_user.Id, device, _user.SessionOf(device)), CancellationToken.None), Is.True);
    }

    [Test]
    public async Task Handle_WhenTheSessionIsOfAnotherDeviceOfTheUser_IsFalse()
    {
        var phone = TestData.LinkNewDevice(_user, "Phone");
        var laptop = TestData.LinkNewDevice(_user, "Laptop");

        Assert.That(await Handler().Handle(new VerifySessionQuery(_user.Id, phone, _user.SessionOf(laptop)), CancellationToken.None), Is.False);
    }

    [Test]
    public async Task Handle_WhenTheSessionIsUnknown_IsFalse()
    {
        var device = TestData.LinkNewDevice(_user);

        Assert.That(await Handler().Handle(new VerifySessionQuery(_user.Id, device, SessionId.New()), CancellationToken.None), Is.False);
    }

    [Test]
    public async Task Handle_WhenDeviceWasLoggedOut_IsFalse()
    {
        var device = TestData.LinkNewDevice(_user);
        var session = _user.SessionOf(device);
        _user.Logout(device);

        Assert.That(await Handler().Handle(new VerifySessionQuery(_user.Id, device, session), CancellationToken.None), Is.False);
    }

    [Test]
    public async Task Handle_WhenDeviceBelongsToAnotherUser_IsFalse()
    {
        var someoneElse = TestData.User("bob@example.com");
        var device = TestData.LinkNewDevice(someoneElse);

        Assert.That(await Handler().Handle(new VerifySessionQuery(_user.Id, device, someoneElse.SessionOf(device)), CancellationToken.None), Is.False);
    }

    [Test]
    public async Task Handle_WhenUserDoesNotExist_IsFalse() =>
        Assert.That(await Handler().Handle(new VerifySessionQuery(UserId.New(), DeviceId.New(), SessionId.New()), CancellationToken.None), Is.False);

    private VerifySessionHandler Handler() => new(_users.Object);
}
