using Ludmin.Domain.Common;
using Ludmin.Domain.Users;
using Ludmin.UnitTests.Support;

namespace Ludmin.UnitTests.Domain;

public sealed class UserSessionTests
{
    private readonly User _user = TestData.User();

    [Test]
    public void LinkDevice_WhenDeviceIsNew_StartsASessionOnIt()
    {
        var device = TestData.LinkNewDevice(_user);

        var session = _user.SessionOf(device);

        Assert.Multiple(() =>
        {
            Assert.That(session.Value, Does.Match("^[0-9a-f]{32}$"));
            Assert.That(_user.Devices.Single().SessionId, Is.EqualTo(session));
            Assert.That(_user.HasSession(device, session), Is.True);
        });
    }

    [Test]
    public void LinkDevice_WhenDeviceIsAlreadyLinked_StartsANewSessionAndEndsTheOldOne()
    {
        var device = TestData.LinkNewDevice(_user, "Phone", TestData.Now);
        var before = _user.SessionOf(device);

        _user.LinkDevice(device, DeviceDescription.Create("Phone"), TestData.Now.AddMinutes(1));

        var after = _user.SessionOf(device);
        Assert.Multiple(() =>
        {
            Assert.That(after, Is.Not.EqualTo(before));
            Assert.That(_user.HasSession(device, before), Is.False, "a token of the earlier login");
            Assert.That(_user.HasSession(device, after), Is.True);
            Assert.That(_user.Devices, Has.Count.EqualTo(1));
        });
    }

    [Test]
    public void LinkDevice_WhenTwoDevicesAreLinked_GivesEachItsOwnSession()
    {
        var phone = TestData.LinkNewDevice(_user, "Phone");
        var laptop = TestData.LinkNewDevice(_user, "Laptop");

        Assert.Multiple(() =>
        {
            Assert.That(_user.SessionOf(laptop), Is.Not.EqualTo(_user.SessionOf(phone)));
            Assert.That(_user.HasSession(laptop, _user.SessionOf(phone)), Is.False, "one device's session on another device");
            Assert.That(_user.HasSession(phone, _user.SessionOf(laptop)), Is.False);
        });
    }

    [Test]
    public void LinkDevice_WhenAnotherDeviceLogsIn_LeavesTheFirstDevicesSessionAlone()
    {
        var phone = TestData.LinkNewDevice(_user, "Phone");
        var session = _user.SessionOf(phone);

        TestData.LinkNewDevice(_user, "Laptop");

        Assert.That(_user.HasSession(phone, session), Is.True);
    }

    [Test]
    public void TouchDevice_WhenDeviceIsLinked_KeepsItsSession()
    {
        var device = TestData.LinkNewDevice(_user);
        var session = _user.SessionOf(device);

        _user.TouchDevice(device, TestData.Now.AddHours(1));

        Assert.That(_user.HasSession(device, session), Is.True, "a refresh is not a new login");
    }

    [Test]
    public void HasSession_WhenDeviceWasLoggedOut_IsFalse()
    {
        var device = TestData.LinkNewDevice(_user);
        var session = _user.SessionOf(device);

        _user.Logout(device);

        Assert.That(_user.HasSession(device, session), Is.False);
    }

    [Test]
    public void HasSession_WhenSessionIsUnknown_IsFalse()
    {
        var device = TestData.LinkNewDevice(_user);

        Assert.That(_user.HasSession(device, SessionId.New()), Is.False);
    }

    [Test]
    public void HasSession_WhenThePasswordChanged_KeepsOnlyTheKeptDevicesSession()
    {
        var kept = TestData.LinkNewDevice(_user, "Phone");
        var other = TestData.LinkNewDevice(_user, "Laptop");
        var keptSession = _user.SessionOf(kept);
        var otherSession = _user.SessionOf(other);

        _user.ChangePassword(TestData.Hash("new-hash"), keepDevice: kept, TestData.Now);

        Assert.Multiple(() =>
        {
            Assert.That(_user.HasSession(kept, keptSession), Is.True, "the device that made the change goes on with its login");
            Assert.That(_user.HasSession(other, otherSession), Is.False);
        });
    }

    [Test]
    public void SessionOf_WhenDeviceIsNotLinked_RefusesWithDeviceNotFound()
    {
        TestData.LinkNewDevice(_user);

        Assert.That(() => _user.SessionOf(DeviceId.New()), Refused.With(Errors.DeviceNotFound));
    }
}
