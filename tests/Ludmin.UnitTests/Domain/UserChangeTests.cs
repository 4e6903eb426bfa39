using Ludmin.Domain.Users;
using Ludmin.UnitTests.Support;

namespace Ludmin.UnitTests.Domain;

/// <summary>What a user records about its own changes since the read, for the store to write no more than that.</summary>
public sealed class UserChangeTests
{
    [Test]
    public void Restore_HasNoChanges()
    {
        var user = TestData.Copy(TestData.User());

        Assert.That(user.ProfileChanged, Is.False);
        Assert.That(user.EmailsChanged, Is.False);
        Assert.That(user.DeviceChanges, Is.Empty);
    }

    [Test]
    public void LinkDevice_RecordsALinkUnderTheCredentialsItHoldsAndLeavesTheProfileUnchanged()
    {
        var user = TestData.Copy(TestData.User());
        var device = DeviceId.New();

        user.LinkDevice(device, DeviceDescription.Create("Phone"), TestData.Now);

        var change = (DeviceChange.Linked)user.DeviceChanges.Single();
        Assert.Multiple(() =>
        {
            Assert.That(change.Device.DeviceId, Is.EqualTo(device));
            Assert.That(change.Device, Is.SameAs(user.Devices.Single()));
            Assert.That(change.Credentials, Is.EqualTo(new LoginCredentials(user.PasswordHash, user.CurrentEmail)));
            Assert.That(user.ProfileChanged, Is.False);
        });
    }

    [Test]
    public void LinkDevice_WhenLinked_RecordsARelinkExpectingTheSessionItReplaced()
    {
        var user = TestData.User();
        var device = TestData.LinkNewDevice(user, "Phone");
        var stored = TestData.Copy(user);
        var previous = stored.SessionOf(device);

        stored.LinkDevice(device, DeviceDescription.Create("Phone again"), TestData.Now.AddHours(1));

        var change = (DeviceChange.Relinked)stored.DeviceChanges.Single();
        Assert.That(change.PreviousSession, Is.EqualTo(previous));
        Assert.That(change.Device.SessionId, Is.Not.EqualTo(previous));
    }

    [Test]
    public void LinkDevice_AtTheLimit_RecordsTheLeastRecentlyUsedRemovedThenTheLink()
    {
        var user = TestData.User();
        var oldest = TestData.LinkNewDevice(user, "Oldest", TestData.Now);
        for (var i = 1; i < User.DeviceLimit; i++)
        {
            TestData.LinkNewDevice(user, $"Device {i}", TestData.Now.AddMinutes(i));
        }

        var stored = TestData.Copy(user);
        var newest = DeviceId.New();
        stored.LinkDevice(newest, DeviceDescription.Create("Newest"), TestData.Now.AddDays(1));

        Assert.That(stored.DeviceChanges, Has.Count.EqualTo(2));
        Assert.That(((DeviceChange.Removed)stored.DeviceChanges[0]).DeviceId, Is.EqualTo(oldest));
        Assert.That(((DeviceChange.Linked)stored.DeviceChanges[1]).Device.DeviceId, Is.EqualTo(newest));
    }

    [Test]
    public void TouchAndLogout_RecordDeviceChangesOnly()
    {
        var user = TestData.User();
        var phone = TestData.LinkNewDevice(user, "Phone");
        var laptop = TestData.LinkNewDevice(user, "Laptop");
        var stored = TestData.Copy(user);

        stored.TouchDevice(phone, TestData.Now.AddHours(1));
        stored.Logout(laptop);

        Assert.That(stored.DeviceChanges.Select(c => c.GetType()), Is.EqualTo(new[] { typeof(DeviceChange.Touched), typeof(DeviceChange.Removed) }));
        Assert.That(((DeviceChange.Touched)stored.DeviceChanges[0]).Session, Is.EqualTo(user.SessionOf(phone)));
        Assert.That(stored.ProfileChanged, Is.False);
    }

    [Test]
    public void ChangePassword_ChangesTheProfileAndRecordsTheOtherDevicesRemoved()
    {
        var user = TestData.User();
        var kept = TestData.LinkNewDevice(user, "Laptop");
        var stored = TestData.Copy(user);

        stored.ChangePassword(TestData.Hash("new"), kept, TestData.Now);

        var change = (DeviceChange.RemovedAllBut)stored.DeviceChanges.Single();
        Assert.That(change.Kept, Is.EqualTo(kept));
        Assert.That(stored.ProfileChanged, Is.True);
        Assert.That(stored.EmailsChanged, Is.False);
    }

    [Test]
    public void ResetPassword_RecordsEveryDeviceRemoved()
    {
        var stored = TestData.Copy(TestData.User());

        stored.ResetPassword(TestData.Hash("new"), TestData.Now);

        Assert.That(((DeviceChange.RemovedAllBut)stored.DeviceChanges.Single()).Kept, Is.Null);
    }

    [Test]
    public void ProfileEdits_MarkTheProfile_AndOnlyAnAddressChangeTheAddresses()
    {
        var renamed = TestData.Copy(TestData.User());
        renamed.Rename(FullName.Create("Other Name"), TestData.Now);
        var moved = TestData.Copy(TestData.User());
        moved.ChangeEmail(EmailAddress.Create("moved@example.com"), TestData.Now);
        var unchanged = TestData.Copy(TestData.User());
        unchanged.Rename(unchanged.FullName, TestData.Now);

        Assert.Multiple(() =>
        {
            Assert.That((renamed.ProfileChanged, renamed.EmailsChanged), Is.EqualTo((true, false)));
            Assert.That((moved.ProfileChanged, moved.EmailsChanged), Is.EqualTo((true, true)));
            Assert.That(unchanged.ProfileChanged, Is.False, "a rename to the same name changes nothing");
            Assert.That(renamed.DeviceChanges, Is.Empty);
        });
    }
}
