using Ludmin.Domain.Common;
using Ludmin.Domain.Users;
using Ludmin.UnitTests.Support;

namespace Ludmin.UnitTests.Domain;

public sealed class UserDeviceTests
{
    [Test]
    public void LinkDevice_WhenDeviceIsNew_AddsItWithDescriptionFirstSeenAndLastUsed()
    {
        var user = TestData.User();
        var device = DeviceId.New();
        var at = TestData.Now.AddMinutes(3).AddTicks(5);

        user.LinkDevice(device, DeviceDescription.Create("Macbook Pro"), at);

        var linked = user.Devices.Single();
        Assert.Multiple(() =>
        {
            Assert.That(linked.DeviceId, Is.EqualTo(device));
            Assert.That(linked.Description.Value, Is.EqualTo("Macbook Pro"));
            Assert.That(linked.FirstSeen, Is.EqualTo(TestData.Now.AddMinutes(3)));
            Assert.That(linked.LastUsed, Is.EqualTo(TestData.Now.AddMinutes(3)));
            Assert.That(user.Devices.Select(d => d.DeviceId), Does.Contain(device));
        });
    }

    [Test]
    public void LinkDevice_WhenDeviceIsAlreadyLinked_RelinksItKeepingFirstSeen()
    {
        var user = TestData.User();
        var device = TestData.LinkNewDevice(user, "Old name", TestData.Now);

        user.LinkDevice(device, DeviceDescription.Create("New name"), TestData.Now.AddHours(2));

        var linked = user.Devices.Single();
        Assert.Multiple(() =>
        {
            Assert.That(linked.Description.Value, Is.EqualTo("New name"));
            Assert.That(linked.FirstSeen, Is.EqualTo(TestData.Now));
            Assert.That(linked.LastUsed, Is.EqualTo(TestData.Now.AddHours(2)));
        });
    }

    [Test]
    public void LinkDevice_WhenALinkedDeviceLogsInAgainWithoutDescription_KeepsTheOneItHadInANewSession()
    {
        var user = TestData.User();
        var device = TestData.LinkNewDevice(user, "Old name", TestData.Now);
        var before = user.SessionOf(device);

        user.LinkDevice(device, null, TestData.Now.AddHours(2));

        var linked = user.Devices.Single();
        Assert.Multiple(() =>
        {
            Assert.That(linked.Description.Value, Is.EqualTo("Old name"));
            Assert.That(linked.SessionId, Is.Not.EqualTo(before));
            Assert.That(linked.LastUsed, Is.EqualTo(TestData.Now.AddHours(2)));
        });
    }

    [Test]
    public void LinkDevice_WhenANewDeviceHasNoDescription_LinksItWithAnEmptyOne()
    {
        var user = TestData.User();

        user.LinkDevice(DeviceId.New(), null, TestData.Now);

        Assert.That(user.Devices.Single().Description, Is.EqualTo(DeviceDescription.Empty));
    }

    [Test]
    public void LinkDevice_WhenDeviceLimitIsReached_LogsOutTheLeastRecentlyUsedDevice()
    {
        var user = TestData.User();
        var devices = Enumerable.Range(0, User.DeviceLimit)
            .Select(i => TestData.LinkNewDevice(user, $"Device {i}", TestData.Now.AddMinutes(i)))
            .ToList();

        // The oldest link was used lately, so the second oldest is now the least recently used.
        user.TouchDevice(devices[0], TestData.Now.AddHours(5));
        var newcomer = DeviceId.New();
        user.LinkDevice(newcomer, DeviceDescription.Empty, TestData.Now.AddHours(6));

        Assert.Multiple(() =>
        {
            Assert.That(user.Devices, Has.Count.EqualTo(User.DeviceLimit));
            Assert.That(user.Devices.Select(d => d.DeviceId), Does.Contain(newcomer));
            Assert.That(user.Devices.Select(d => d.DeviceId), Does.Contain(devices[0]));
            Assert.That(user.Devices.Select(d => d.DeviceId), Has.No.Member(devices[1]));
            Assert.That(user.Devices.Select(d => d.DeviceId), Does.Contain(devices[2]));
        });
    }

    [Test]
    public void LinkDevice_WhenDeviceLimitIsReachedAndTheDeviceIsLinked_EvictsNothing()
    {
        var user = TestData.User();
        var devices = Enumerable.Range(0, User.DeviceLimit)
            .Select(i => TestData.LinkNewDevice(user, $"Device {i}", TestData.Now.AddMinutes(i)))
            .ToList();

        user.LinkDevice(devices[^1], DeviceDescription.Empty, TestData.Now.AddHours(6));

        Assert.That(user.Devices.Select(d => d.DeviceId), Is.EquivalentTo(devices));
    }

    [Test]
    public void TouchDevice_WhenDeviceIsLinked_UpdatesLastUsedOnly()
    {
        var user = TestData.User();
        var device = TestData.LinkNewDevice(user, "Phone", TestData.Now);

        user.TouchDevice(device, TestData.Now.AddMinutes(30).AddTicks(1));

        var linked = user.Devices.Single();
        Assert.Multiple(() =>
        {
            Assert.That(linked.LastUsed, Is.EqualTo(TestData.Now.AddMinutes(30)));
            Assert.That(linked.FirstSeen, Is.EqualTo(TestData.Now));
            Assert.That(linked.Description.Value, Is.EqualTo("Phone"));
        });
    }

    [Test]
    public void TouchDevice_WhenDeviceIsNotLinked_RefusesWithDeviceNotFound()
    {
        var user = TestData.User();
        TestData.LinkNewDevice(user);

        Assert.That(() => user.TouchDevice(DeviceId.New(), TestData.Now), Refused.With(Errors.DeviceNotFound));
    }

    [Test]
    public void Logout_WhenDeviceIsLinked_UnlinksOnlyThatDevice()
    {
        var user = TestData.User();
        var gone = TestData.LinkNewDevice(user);
        var stays = TestData.LinkNewDevice(user);

        user.Logout(gone);

        Assert.That(user.Devices.Select(d => d.DeviceId), Is.EqualTo(new[] { stays }));
    }

    [Test]
    public void Logout_WhenDeviceIsNotLinked_RefusesWithDeviceNotFoundAndKeepsTheOthers()
    {
        var user = TestData.User();
        var stays = TestData.LinkNewDevice(user);

        Assert.That(() => user.Logout(DeviceId.New()), Refused.With(Errors.DeviceNotFound));
        Assert.That(user.Devices.Select(d => d.DeviceId), Does.Contain(stays));
    }
}
