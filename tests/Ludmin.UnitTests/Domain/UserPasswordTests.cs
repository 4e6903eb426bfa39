using Ludmin.Domain.Users;
using Ludmin.UnitTests.Support;

namespace Ludmin.UnitTests.Domain;

public sealed class UserPasswordTests
{
    private static readonly DateTimeOffset Later = TestData.Now.AddDays(1);

    [Test]
    public void ChangePassword_WhenCalled_SetsNewHashAndPutsTheOldOneFirstInHistory()
    {
        var user = TestData.User(hash: "hash-0");
        user.ChangePassword(TestData.Hash("hash-1"), keepDevice: null, TestData.Now.AddMinutes(1));

        user.ChangePassword(TestData.Hash("hash-2"), keepDevice: null, Later.AddTicks(9));

        Assert.Multiple(() =>
        {
            Assert.That(user.PasswordHash.Value, Is.EqualTo("hash-2"));
            Assert.That(user.PasswordHistory.Select(h => h.Value), Is.EqualTo(new[] { "hash-1", "hash-0" }));
            Assert.That(user.UpdatedAt, Is.EqualTo(Later));
        });
    }

    [Test]
    public void ChangePassword_WhenHistoryIsFull_DropsTheOldestHashes()
    {
        var user = TestData.User(hash: "hash-0");

        for (var i = 1; i <= User.PasswordHistoryLimit + 3; i++)
        {
            user.ChangePassword(TestData.Hash($"hash-{i}"), keepDevice: null, TestData.Now.AddMinutes(i));
        }

        var expected = Enumerable.Range(0, User.PasswordHistoryLimit).Select(i => $"hash-{User.PasswordHistoryLimit + 2 - i}");
        Assert.Multiple(() =>
        {
            Assert.That(user.PasswordHash.Value, Is.EqualTo($"hash-{User.PasswordHistoryLimit + 3}"));
            Assert.That(user.PasswordHistory, Has.Count.EqualTo(User.PasswordHistoryLimit));
            Assert.That(user.PasswordHistory.Select(h => h.Value), Is.EqualTo(expected));
        });
    }

    [Test]
    public void ChangePassword_WhenKeepDeviceGiven_LogsOutEveryOtherDevice()
    {
        var user = TestData.User();
        var other = TestData.LinkNewDevice(user, "Laptop");
        var keep = TestData.LinkNewDevice(user, "Phone");
        var third = TestData.LinkNewDevice(user, "Tablet");

        user.ChangePassword(TestData.Hash("new"), keep, Later);

        Assert.Multiple(() =>
        {
            Assert.That(user.Devices.Select(d => d.DeviceId), Is.EqualTo(new[] { keep }));
            Assert.That(user.Devices.Select(d => d.DeviceId), Has.No.Member(other));
            Assert.That(user.Devices.Select(d => d.DeviceId), Has.No.Member(third));
        });
    }

    [Test]
    public void ChangePassword_WhenKeepDeviceIsNull_LogsOutEveryDevice()
    {
        var user = TestData.User();
        TestData.LinkNewDevice(user);
        TestData.LinkNewDevice(user);

        user.ChangePassword(TestData.Hash("new"), keepDevice: null, Later);

        Assert.That(user.Devices, Is.Empty);
    }

    [Test]
    public void ResetPassword_WhenCalled_LogsOutEveryDeviceAndKeepsHistory()
    {
        var user = TestData.User(hash: "old");
        TestData.LinkNewDevice(user, "Laptop");
        TestData.LinkNewDevice(user, "Phone");

        user.ResetPassword(TestData.Hash("new"), Later);

        Assert.Multiple(() =>
        {
            Assert.That(user.PasswordHash.Value, Is.EqualTo("new"));
            Assert.That(user.PasswordHistory.Select(h => h.Value), Is.EqualTo(new[] { "old" }));
            Assert.That(user.Devices, Is.Empty);
            Assert.That(user.UpdatedAt, Is.EqualTo(Later));
        });
    }

    [Test]
    public void UpgradePasswordHash_WhenCalled_ReplacesHashWithoutHistoryOrLogout()
    {
        var user = TestData.User(hash: "weak");
        var device = TestData.LinkNewDevice(user);

        user.UpgradePasswordHash(TestData.Hash("strong"));

        Assert.Multiple(() =>
        {
            Assert.That(user.PasswordHash.Value, Is.EqualTo("strong"));
            Assert.That(user.PasswordHistory, Is.Empty);
            Assert.That(user.Devices.Select(d => d.DeviceId), Does.Contain(device));
            Assert.That(user.UpdatedAt, Is.EqualTo(TestData.Now));
        });
    }
}
