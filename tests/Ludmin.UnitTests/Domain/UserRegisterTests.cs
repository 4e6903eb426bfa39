using Ludmin.Domain.Users;
using Ludmin.UnitTests.Support;

namespace Ludmin.UnitTests.Domain;

public sealed class UserRegisterTests
{
    [Test]
    public void Register_WhenGivenNameEmailAndHash_StartsWithOneCurrentUnverifiedEmailAndNothingElse()
    {
        var id = UserId.New();
        var hash = TestData.Hash();

        var user = User.Register(id, FullName.Create("Ann Lee"), EmailAddress.Create("Ann@Example.com"), hash, TestData.Now);

        Assert.Multiple(() =>
        {
            Assert.That(user.Id, Is.EqualTo(id));
            Assert.That(user.FullName.Value, Is.EqualTo("Ann Lee"));
            Assert.That(user.CurrentEmail.Value, Is.EqualTo("Ann@Example.com"));
            Assert.That(user.Emails, Has.Count.EqualTo(1));
            Assert.That(user.Emails[0].IsCurrent, Is.True);
            Assert.That(user.Emails[0].IsVerified, Is.False);
            Assert.That(user.Emails[0].InsertedAt, Is.EqualTo(TestData.Now));
            Assert.That(user.PasswordHash, Is.SameAs(hash));
            Assert.That(user.PasswordHistory, Is.Empty);
            Assert.That(user.Devices, Is.Empty);
            Assert.That(user.IsMaster, Is.False);
            Assert.That(user.CreatedAt, Is.EqualTo(TestData.Now));
            Assert.That(user.UpdatedAt, Is.EqualTo(TestData.Now));
            Assert.That(user.Version, Is.Zero);
        });
    }

    [Test]
    public void Register_WhenTimeHasSubMillisecondsAndAnOffset_StoresWholeMillisecondsInUtc()
    {
        var local = new DateTimeOffset(2025, 3, 14, 11, 26, 53, 589, TimeSpan.FromHours(2)).AddTicks(4321);

        var user = User.Register(UserId.New(), FullName.Create("Ann"), EmailAddress.Create(TestData.Email), TestData.Hash(), local);

        Assert.Multiple(() =>
        {
            Assert.That(user.CreatedAt, Is.EqualTo(TestData.Now));
            Assert.That(user.CreatedAt.Offset, Is.EqualTo(TimeSpan.Zero));
            Assert.That(user.CreatedAt.Ticks % TimeSpan.TicksPerMillisecond, Is.Zero);
            Assert.That(user.UpdatedAt, Is.EqualTo(user.CreatedAt));
            Assert.That(user.Emails[0].InsertedAt, Is.EqualTo(user.CreatedAt));
            Assert.That(user.Emails[0].UpdatedAt, Is.EqualTo(user.CreatedAt));
        });
    }

    [Test]
    public void Rename_WhenNameDiffers_ChangesNameAndUpdatedAt()
    {
        var user = TestData.User();
        var later = TestData.Now.AddMinutes(5).AddTicks(7);

        user.Rename(FullName.Create("Ann Smith"), later);

        Assert.That(user.FullName.Value, Is.EqualTo("Ann Smith"));
        Assert.That(user.UpdatedAt, Is.EqualTo(TestData.Now.AddMinutes(5)));
    }

    [Test]
    public void Rename_WhenNameIsTheSame_LeavesUpdatedAtAlone()
    {
        var user = TestData.User();

        user.Rename(FullName.Create("  Ann Lee "), TestData.Now.AddMinutes(5));

        Assert.That(user.UpdatedAt, Is.EqualTo(TestData.Now));
    }

    [Test]
    public void PromoteToMaster_WhenNotYetMaster_MakesMasterAndReturnsTrue()
    {
        var user = TestData.User();

        var promoted = user.PromoteToMaster(TestData.Now.AddHours(1).AddTicks(3));

        Assert.Multiple(() =>
        {
            Assert.That(promoted, Is.True);
            Assert.That(user.IsMaster, Is.True);
            Assert.That(user.UpdatedAt, Is.EqualTo(TestData.Now.AddHours(1)));
        });
    }

    [Test]
    public void PromoteToMaster_WhenAlreadyMaster_ReturnsFalseAndChangesNothing()
    {
        var user = TestData.User();
        user.PromoteToMaster(TestData.Now);

        var promoted = user.PromoteToMaster(TestData.Now.AddHours(1));

        Assert.Multiple(() =>
        {
            Assert.That(promoted, Is.False);
            Assert.That(user.IsMaster, Is.True);
            Assert.That(user.UpdatedAt, Is.EqualTo(TestData.Now));
        });
    }
}
