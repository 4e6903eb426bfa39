using Ludmin.Domain.Users;
using Ludmin.Infrastructure.Storage.Mongo;
using Ludmin.Storage.Tests.Contract;
using MongoDB.Bson;

namespace Ludmin.Storage.Tests.Mongo;

/// <summary>
/// The updates a save sends, rendered to BSON without a server: a profile edit never writes the
/// devices, a device change never needs the version, and a password change removes the other
/// devices in the same update as the password.
/// </summary>
public sealed class MongoUserWriteTests
{
    private static readonly DateTimeOffset Later = Users.Epoch.AddDays(1);

    [Test]
    public void Rename_IsOneUpdateOfTheProfileFieldsUnderTheVersion_WithoutDevicesOrAddresses()
    {
        var user = Stored(version: 3);
        user.Rename(FullName.Create("Ann Smith"), Later);

        var write = MongoUserRepository.WritesFor(user).Single();

        BsonRender.AssertSame(BsonRender.Filter(write.Filter), $$"""{ _id: "{{user.Id}}", version: NumberLong(3) }""");
        var update = BsonRender.Update(write.Update).AsBsonDocument;
        Assert.That(update["$set"].AsBsonDocument.Names, Is.EquivalentTo(new[] { "full_name", "password_hash", "password_history", "is_master", "updated_at" }));
        BsonRender.AssertSame(update["$inc"], "{ version: NumberLong(1) }");
        Assert.That(update["$set"]["updated_at"], Is.EqualTo(new BsonDateTime(Later.UtcDateTime)));
        Assert.That(write.MustMatch, Is.True);
        Assert.That(write.DeviceElement, Is.Null);
    }

    [Test]
    public void ChangeEmail_SetsTheWholeAddressHistoryMergedOverTheStoredOne()
    {
        var user = Stored(version: 0);
        user.ChangeEmail(EmailAddress.Create("New.One@Example.com"), Later);

        var stages = BsonRender.Update(MongoUserRepository.WritesFor(user).Single().Update).AsBsonArray;

        var set = stages.Single()["$set"].AsBsonDocument;
        var emails = set["emails"]["$map"]["input"]["$literal"].AsBsonArray;
        using (Assert.EnterMultipleScope())
        {
            Assert.That(emails, Has.Count.EqualTo(2));
            Assert.That(emails[1]["normalized"].AsString, Is.EqualTo("new.one@example.com"));
            Assert.That(set.Names, Does.Not.Contain("devices"), "an address change alone leaves the devices alone");
            BsonRender.AssertSame(set["version"], new BsonDocument("$literal", new BsonInt64(1)));
        }
    }

    [Test]
    public void LinkOfANewDevice_PushesItWhereTheCredentialsStillHoldTheDeviceIsAbsentAndThereIsRoom_WithoutTheVersion()
    {
        var user = Stored(version: 9);
        var device = DeviceId.Parse("0123456789abcdef0123456789abcdef");
        user.LinkDevice(device, DeviceDescription.Create("Phone"), Later);

        var write = MongoUserRepository.WritesFor(user).Single();

        BsonRender.AssertSame(BsonRender.Filter(write.Filter), $$"""
            {
              _id: "{{user.Id}}",
              password_hash: "{{user.PasswordHash.Value}}",
              emails: { $elemMatch: { normalized: "{{user.CurrentEmail.Normalized}}", is_current: true } },
              "devices.device_id": { $ne: "0123456789abcdef0123456789abcdef" },
              "devices.49": { $exists: false }
            }
            """);
        var linked = user.Devices.Single();
        BsonRender.AssertSame(BsonRender.Update(write.Update), $$"""
            {
              $push: { devices: {
                device_id: "0123456789abcdef0123456789abcdef", description: "Phone", session_id: "{{linked.SessionId}}",
                first_seen: { $date: "{{Later.UtcDateTime:yyyy-MM-ddTHH:mm:ss.fffZ}}" }, last_used: { $date: "{{Later.UtcDateTime:yyyy-MM-ddTHH:mm:ss.fffZ}}" },
                generation: NumberLong(0) } }
            }
            """);
        Assert.That(write.MustMatch, Is.True);
    }

    [Test]
    public void LinkAtTheLimit_FirstPullsTheLeastRecentlyUsedThenPushesUnderTheRoomGuard()
    {
        var user = Users.New();
        for (var i = 0; i < User.DeviceLimit; i++)
        {
            user.LinkDevice(DeviceId.New(), DeviceDescription.Create($"Device {i}"), Users.Epoch.AddMinutes(i));
        }

        var stored = Restore(user, version: 1);
        var oldest = stored.Devices[0].DeviceId;
        stored.LinkDevice(DeviceId.New(), DeviceDescription.Create("Newest"), Later);

        var writes = MongoUserRepository.WritesFor(stored);

        Assert.That(writes, Has.Count.EqualTo(2));
        BsonRender.AssertSame(BsonRender.Update(writes[0].Update), $$"""{ $pull: { devices: { device_id: "{{oldest}}" } } }""");
        Assert.That(writes[0].MustMatch, Is.False, "an unlink is unconditional");
        Assert.That(BsonRender.Filter(writes[1].Filter)["devices.49"], Is.EqualTo(new BsonDocument("$exists", false)));
    }

    [Test]
    public void Relink_SetsTheNewSessionOnTheElementThatStillHasTheSessionRead()
    {
        var device = DeviceId.Parse("0123456789abcdef0123456789abcdef");
        var user = Users.New();
        user.LinkDevice(device, DeviceDescription.Create("Old"), Users.Epoch);
        var stored = Restore(user, version: 2);
        var previous = stored.SessionOf(device);
        stored.LinkDevice(device, DeviceDescription.Create("New"), Later);

        var write = MongoUserRepository.WritesFor(stored).Single();

        var filter = BsonRender.Filter(write.Filter);
        Assert.That(filter.Names, Does.Not.Contain("version"));
        Assert.That(filter["password_hash"].AsString, Is.EqualTo(user.PasswordHash.Value));
        BsonRender.AssertSame(write.DeviceElement!, $$"""{ "d.device_id": "{{device}}", "d.session_id": "{{previous}}" }""");
        BsonRender.AssertSame(BsonRender.Update(write.Update), $$"""
            { $set: {
                "devices.$[d].description": "New",
                "devices.$[d].session_id": "{{stored.SessionOf(device)}}",
                "devices.$[d].last_used": { $date: "{{Later.UtcDateTime:yyyy-MM-ddTHH:mm:ss.fffZ}}" },
                "devices.$[d].generation": NumberLong(0) },
              $unset: { "devices.$[d].rotated_at": 1, "devices.$[d].grace_generation": 1 } }
            """);
        Assert.That(write.Options.ArrayFilters.Count(), Is.EqualTo(1));
    }

    [Test]
    public void Touch_IsAMaxOnTheSessionsElement_GuardedByTheSessionAlone()
    {
        var device = DeviceId.Parse("0123456789abcdef0123456789abcdef");
        var user = Users.New();
        user.LinkDevice(device, DeviceDescription.Create("Phone"), Users.Epoch);
        var stored = Restore(user, version: 5);
        stored.TouchDevice(device, Later);

        var write = MongoUserRepository.WritesFor(stored).Single();

        BsonRender.AssertSame(
            BsonRender.Filter(write.Filter),
            $$"""{ _id: "{{user.Id}}", devices: { $elemMatch: { device_id: "{{device}}", session_id: "{{user.SessionOf(device)}}" } } }""");
        BsonRender.AssertSame(BsonRender.Update(write.Update), $$"""{ $max: { "devices.$[d].last_used": { $date: "{{Later.UtcDateTime:yyyy-MM-ddTHH:mm:ss.fffZ}}" } } }""");
        Assert.That(write.MustMatch, Is.False, "a touch of an ended session is no conflict");
    }

    [Test]
    public void Rotation_IsACompareAndSetOnTheSessionsGeneration_NeverTheVersion()
    {
        var (stored, device, session) = StoredAfterOneRotation();
        stored.RefreshSession(device, session, 1, Later, TimeSpan.FromSeconds(10));

        var write = MongoUserRepository.WritesFor(stored).Single();

        BsonRender.AssertSame(
            BsonRender.Filter(write.Filter),
            $$"""{ _id: "{{stored.Id}}", devices: { $elemMatch: { device_id: "{{device}}", session_id: "{{session}}", generation: NumberLong(1) } } }""");
        BsonRender.AssertSame(write.DeviceElement!, $$"""{ "d.device_id": "{{device}}", "d.session_id": "{{session}}" }""");
        BsonRender.AssertSame(BsonRender.Update(write.Update), $$"""
            {
              $set: { "devices.$[d].generation": NumberLong(2), "devices.$[d].rotated_at": { $date: "{{Later.UtcDateTime:yyyy-MM-ddTHH:mm:ss.fffZ}}" } },
              $max: { "devices.$[d].last_used": { $date: "{{Later.UtcDateTime:yyyy-MM-ddTHH:mm:ss.fffZ}}" } }
            }
            """);
        Assert.That(write.MustMatch, Is.True, "the loser of two racing refreshes is a conflict");
    }

    [Test]
    public void GraceUse_SetsTheMarkerUnderTheRotationsGuard_AndMustMatch()
    {
        var (stored, device, session) = StoredAfterOneRotation();
        var within = Users.Epoch.AddMinutes(1).AddSeconds(5);
        Assert.That(stored.RefreshSession(device, session, 0, within, TimeSpan.FromSeconds(10)), Is.EqualTo(SessionRefresh.WithinGrace));

        var write = MongoUserRepository.WritesFor(stored).Single();

        BsonRender.AssertSame(
            BsonRender.Filter(write.Filter),
            $$"""{ _id: "{{stored.Id}}", devices: { $elemMatch: { device_id: "{{device}}", session_id: "{{session}}", generation: NumberLong(1) } } }""");
        BsonRender.AssertSame(write.DeviceElement!, $$"""{ "d.device_id": "{{device}}", "d.session_id": "{{session}}" }""");
        BsonRender.AssertSame(BsonRender.Update(write.Update), $$"""
            {
              $set: { "devices.$[d].grace_generation": NumberLong(1) },
              $max: { "devices.$[d].last_used": { $date: "{{within.UtcDateTime:yyyy-MM-ddTHH:mm:ss.fffZ}}" } }
            }
            """);
        Assert.That(write.MustMatch, Is.True, "a rotation since the read is a conflict: the refresh reads again");
    }

    [Test]
    public void GraceUsedAgainAtTheSameRotation_TouchesUnderTheRotationsGuard_AndMustMatch()
    {
        var (afterRotation, device, session) = StoredAfterOneRotation();
        var within = Users.Epoch.AddMinutes(1).AddSeconds(5);
        afterRotation.RefreshSession(device, session, 0, within, TimeSpan.FromSeconds(10));
        var stored = Restore(afterRotation, version: 5);
        Assert.That(stored.RefreshSession(device, session, 0, within.AddSeconds(1), TimeSpan.FromSeconds(10)), Is.EqualTo(SessionRefresh.WithinGrace));

        var write = MongoUserRepository.WritesFor(stored).Single();

        BsonRender.AssertSame(
            BsonRender.Filter(write.Filter),
            $$"""{ _id: "{{stored.Id}}", devices: { $elemMatch: { device_id: "{{device}}", session_id: "{{session}}", generation: NumberLong(1) } } }""");
        BsonRender.AssertSame(BsonRender.Update(write.Update), $$"""{ $max: { "devices.$[d].last_used": { $date: "{{within.AddSeconds(1).UtcDateTime:yyyy-MM-ddTHH:mm:ss.fffZ}}" } } }""");
        Assert.That(write.MustMatch, Is.True, "a rotation since the read is a conflict: the refresh reads again");
    }

    [Test]
    public void Rotation_FromTheFirstGeneration_AlsoMatchesADeviceStoredBeforeRotation()
    {
        var device = DeviceId.Parse("0123456789abcdef0123456789abcdef");
        var user = Users.New();
        user.LinkDevice(device, DeviceDescription.Create("Phone"), Users.Epoch);
        var stored = Restore(user, version: 1);
        var session = stored.SessionOf(device);
        stored.RefreshSession(device, session, 0, Later, TimeSpan.FromSeconds(10));

        var write = MongoUserRepository.WritesFor(stored).Single();

        BsonRender.AssertSame(
            BsonRender.Filter(write.Filter),
            $$"""
            { _id: "{{user.Id}}", devices: { $elemMatch: {
                device_id: "{{device}}", session_id: "{{session}}",
                $or: [ { generation: NumberLong(0) }, { generation: { $exists: false } } ] } } }
            """);
    }

    [Test]
    public void Reuse_PullsTheDeviceOnlyWhileItHasTheSession_AndMustMatch()
    {
        var (stored, device, session) = StoredAfterOneRotation();
        stored.RefreshSession(device, session, 0, Later, TimeSpan.FromSeconds(10));

        var write = MongoUserRepository.WritesFor(stored).Single();

        BsonRender.AssertSame(
            BsonRender.Filter(write.Filter),
            $$"""{ _id: "{{stored.Id}}", devices: { $elemMatch: { device_id: "{{device}}", session_id: "{{session}}" } } }""");
        BsonRender.AssertSame(BsonRender.Update(write.Update), $$"""{ $pull: { devices: { device_id: "{{device}}", session_id: "{{session}}" } } }""");
        Assert.That(write.DeviceElement, Is.Null);
        Assert.That(write.MustMatch, Is.True, "a session already ended is recorded ended once");
    }

    [Test]
    public void Logout_PullsTheDeviceByIdAlone()
    {
        var device = DeviceId.New();
        var user = Users.New();
        user.LinkDevice(device, DeviceDescription.Create("Phone"), Users.Epoch);
        var stored = Restore(user, version: 5);
        stored.Logout(device);

        var write = MongoUserRepository.WritesFor(stored).Single();

        BsonRender.AssertSame(BsonRender.Filter(write.Filter), $$"""{ _id: "{{user.Id}}" }""");
        BsonRender.AssertSame(BsonRender.Update(write.Update), $$"""{ $pull: { devices: { device_id: "{{device}}" } } }""");
    }

    [Test]
    public void PasswordChange_RemovesEveryOtherDeviceInTheSameVersionedUpdateAsThePassword()
    {
        var kept = DeviceId.New();
        var user = Users.New();
        user.LinkDevice(kept, DeviceDescription.Create("Laptop"), Users.Epoch);
        user.LinkDevice(DeviceId.New(), DeviceDescription.Create("Phone"), Users.Epoch);
        var stored = Restore(user, version: 4);
        stored.ChangePassword(Users.Hash("second"), kept, Later);

        var write = MongoUserRepository.WritesFor(stored).Single();

        BsonRender.AssertSame(BsonRender.Filter(write.Filter), $$"""{ _id: "{{user.Id}}", version: NumberLong(4) }""");
        var update = BsonRender.Update(write.Update).AsBsonDocument;
        Assert.That(update["$set"]["password_hash"].AsString, Is.EqualTo(Users.Hash("second").Value));
        BsonRender.AssertSame(update["$pull"], $$"""{ devices: { device_id: { $ne: "{{kept}}" } } }""");
    }

    [Test]
    public void PasswordReset_EmptiesTheDevicesInTheSameVersionedUpdateAsThePassword()
    {
        var user = Users.New();
        user.LinkDevice(DeviceId.New(), DeviceDescription.Create("Phone"), Users.Epoch);
        var stored = Restore(user, version: 4);
        stored.ResetPassword(Users.Hash("reset"), Later);

        var update = BsonRender.Update(MongoUserRepository.WritesFor(stored).Single().Update).AsBsonDocument;

        Assert.That(update["$set"]["devices"], Is.EqualTo(new BsonArray()));
        Assert.That(update["$set"]["password_hash"].AsString, Is.EqualTo(Users.Hash("reset").Value));
    }

    [Test]
    public void SaveWithNothingChanged_StillProvesItsVersion()
    {
        var write = MongoUserRepository.WritesFor(Stored(version: 7)).Single();

        Assert.That(BsonRender.Filter(write.Filter)["version"], Is.EqualTo(new BsonInt64(7)));
        Assert.That(write.MustMatch, Is.True);
    }

    /// <summary>A user stored at version 5 after one refresh moved its device's session to generation 1.</summary>
    private static (User Stored, DeviceId Device, SessionId Session) StoredAfterOneRotation()
    {
        var device = DeviceId.Parse("0123456789abcdef0123456789abcdef");
        var user = Users.New();
        user.LinkDevice(device, DeviceDescription.Create("Phone"), Users.Epoch);
        user.RefreshSession(device, user.SessionOf(device), 0, Users.Epoch.AddMinutes(1), TimeSpan.FromSeconds(10));
        var stored = Restore(user, version: 5);
        return (stored, device, stored.SessionOf(device));
    }

    private static User Stored(long version) => Restore(Users.New(), version);

    /// <summary>The user as a read gives it back: no changes pending.</summary>
    private static User Restore(User user, long version) =>
        UserDocument.FromDomain(user, version).ToDomain();
}
