using Ludmin.Application.Common;
using Ludmin.Domain.Users;
using Ludmin.UnitTests.Support;

namespace Ludmin.UnitTests.Application.Common;

public sealed class CallerTests
{
    private readonly User _user = TestData.User();
    private readonly DeviceId _device;

    public CallerTests() => _device = TestData.LinkNewDevice(_user);

    [Test]
    public void HoldsSessionOf_WhenTheTokensSessionIsTheDevicesCurrentOne_IsTrue() =>
        Assert.That(Caller.ForUser(_device, _user.Id, sessionId: _user.SessionOf(_device)).HoldsSessionOf(_user), Is.True);

    [Test]
    public void HoldsSessionOf_WhenTheDeviceLoggedInAgainSince_IsFalse()
    {
        var caller = Caller.ForUser(_device, _user.Id, sessionId: _user.SessionOf(_device));

        _user.LinkDevice(_device, DeviceDescription.Empty, TestData.Now.AddMinutes(1));

        Assert.That(caller.HoldsSessionOf(_user), Is.False);
    }

    [Test]
    public void HoldsSessionOf_WhenTheTokenCarriesNoSession_IsFalse() =>
        Assert.That(Caller.ForUser(_device, _user.Id).HoldsSessionOf(_user), Is.False);

    [Test]
    public void HoldsSessionOf_WhenTheTokenIsPublic_IsFalse() =>
        Assert.That(Caller.Public(_device).HoldsSessionOf(_user), Is.False);

    [Test]
    public void HoldsSessionOf_WhenTheTokenIsAnotherUsers_IsFalse()
    {
        // Even with this user's device and session: the subject must be this user.
        var caller = Caller.ForUser(_device, UserId.New(), sessionId: _user.SessionOf(_device));

        Assert.That(caller.HoldsSessionOf(_user), Is.False);
    }

    [Test]
    public void HoldsSessionOf_WhenTheSessionIsAnotherDevicesOfTheUser_IsFalse()
    {
        var other = TestData.LinkNewDevice(_user, "Laptop");

        Assert.That(Caller.ForUser(_device, _user.Id, sessionId: _user.SessionOf(other)).HoldsSessionOf(_user), Is.False);
    }

    [Test]
    public void ForUser_WhenGivenASession_KeepsItWithTheDeviceUserAndGrant()
    {
        var session = SessionId.New();

        var caller = Caller.ForUser(_device, _user.Id, isMaster: true, session);

        Assert.Multiple(() =>
        {
            Assert.That(caller.DeviceId, Is.EqualTo(_device));
            Assert.That(caller.UserId, Is.EqualTo(_user.Id));
            Assert.That(caller.IsMaster, Is.True);
            Assert.That(caller.SessionId, Is.EqualTo(session));
            Assert.That(caller.UserId, Is.Not.Null, "a user token's caller is a user");
        });
    }
}
