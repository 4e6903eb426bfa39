using Ludmin.Domain.Users;
using Ludmin.UnitTests.Support;

namespace Ludmin.UnitTests.Domain;

public sealed class UserRestoreTests
{
    private static readonly UserEmail Current = UserEmail.Restore(EmailAddress.Create("ann@example.com"), isCurrent: true, isVerified: true, TestData.Now, TestData.Now);
    private static readonly UserEmail Past = UserEmail.Restore(EmailAddress.Create("ann@example.org"), isCurrent: false, isVerified: false, TestData.Now, TestData.Now);

    [Test]
    public void Restore_WhenStateIsConsistent_RebuildsEveryMember()
    {
        var id = UserId.New();
        var session = SessionId.New();
        var device = LinkedDevice.Restore(DeviceId.New(), DeviceDescription.Create("Phone"), session, TestData.Now, TestData.Now.AddHours(1));

        var user = User.Restore(
            id, FullName.Create("Ann"), [Past, Current], TestData.Hash("now"), [TestData.Hash("before")], [device],
            isMaster: true, TestData.Now, TestData.Now.AddHours(1), version: 7);

        Assert.Multiple(() =>
        {
            Assert.That(user.Id, Is.EqualTo(id));
            Assert.That(user.CurrentEmail.Value, Is.EqualTo("ann@example.com"));
            Assert.That(user.Emails, Is.EqualTo(new[] { Past, Current }));
            Assert.That(user.PasswordHash.Value, Is.EqualTo("now"));
            Assert.That(user.PasswordHistory.Select(h => h.Value), Is.EqualTo(new[] { "before" }));
            Assert.That(user.Devices, Is.EqualTo(new[] { device }));
            Assert.That(user.SessionOf(device.DeviceId), Is.EqualTo(session));
            Assert.That(user.IsMaster, Is.True);
            Assert.That(user.CreatedAt, Is.EqualTo(TestData.Now));
            Assert.That(user.UpdatedAt, Is.EqualTo(TestData.Now.AddHours(1)));
            Assert.That(user.Version, Is.EqualTo(7));
        });
    }

    [Test]
    public void Restore_WhenNoEmailIsCurrent_Refuses() =>
        Assert.That(() => Restore([Past]), Throws.InvalidOperationException);

    [Test]
    public void Restore_WhenTwoEmailsAreCurrent_Refuses()
    {
        var alsoCurrent = UserEmail.Restore(EmailAddress.Create("ann@example.net"), isCurrent: true, isVerified: false, TestData.Now, TestData.Now);

        Assert.That(() => Restore([Current, alsoCurrent]), Throws.InvalidOperationException);
    }

    [Test]
    public void Restore_WhenAnAddressAppearsTwiceInAnyCase_Refuses()
    {
        var duplicate = UserEmail.Restore(EmailAddress.Create("ANN@example.com"), isCurrent: false, isVerified: false, TestData.Now, TestData.Now);

        Assert.That(() => Restore([Current, duplicate]), Throws.InvalidOperationException);
    }

    [Test]
    public void Restore_WhenADeviceAppearsTwice_Refuses()
    {
        var id = DeviceId.New();
        var first = LinkedDevice.Restore(id, DeviceDescription.Empty, SessionId.New(), TestData.Now, TestData.Now);
        var second = LinkedDevice.Restore(id, DeviceDescription.Empty, SessionId.New(), TestData.Now, TestData.Now);

        Assert.That(() => Restore([Current], [first, second]), Throws.InvalidOperationException);
    }

    private static User Restore(UserEmail[] emails, LinkedDevice[]? devices = null) =>
        User.Restore(UserId.New(), FullName.Create("Ann"), emails, TestData.Hash(), [], devices ?? [], isMaster: false, TestData.Now, TestData.Now, version: 1);
}
