using Ludmin.Domain.LoginThrottles;
using Ludmin.Domain.PasswordResets;
using Ludmin.Domain.Users;
using Ludmin.Infrastructure.Storage.Mongo;
using Ludmin.Storage.Tests.Contract;
using MongoDB.Bson;
using MongoDB.Bson.Serialization;

namespace Ludmin.Storage.Tests.Mongo;

/// <summary>Every document type goes to BSON bytes and back unchanged, under the documented names and types.</summary>
public sealed class MongoDocumentTests
{
    [Test]
    public void UserDocument_ThroughBsonBytes_RestoresEveryField()
    {
        var user = RichUser();

        var restored = RoundTrip(UserDocument.FromDomain(user, 7)).ToDomain();

        UserAssert.SameState(restored, user);
        Assert.That(restored.PasswordHistory, Is.EqualTo(user.PasswordHistory));
        Assert.That(restored.Version, Is.EqualTo(7));
    }

    [Test]
    public void DeviceDocument_StoredBeforeRotation_ReadsAtTheFirstGeneration()
    {
        var raw = BsonDocument.Parse("""
            { device_id: "0123456789abcdef0123456789abcdef", description: "Phone", session_id: "fedcba9876543210fedcba9876543210",
              first_seen: { $date: "2025-01-01T00:00:00Z" }, last_used: { $date: "2025-01-02T00:00:00Z" } }
            """);

        var device = MongoClassMaps.Serializer<DeviceDocument>().Deserialize(
            BsonDeserializationContext.CreateRoot(new MongoDB.Bson.IO.BsonDocumentReader(raw))).ToDomain();

        Assert.That(device.Generation, Is.EqualTo(LinkedDevice.FirstGeneration));
        Assert.That(device.RotatedAt, Is.Null);
        Assert.That(device.GraceGeneration, Is.Null);
    }

    [Test]
    public void DeviceDocument_AfterAGraceUse_KeepsTheMarkerThroughBson()
    {
        var user = Users.New();
        var device = DeviceId.New();
        user.LinkDevice(device, DeviceDescription.Create("Phone"), Users.Epoch);
        user.RefreshSession(device, user.SessionOf(device), 0, Users.Epoch.AddMinutes(3), TimeSpan.FromSeconds(10));
        user.RefreshSession(device, user.SessionOf(device), 0, Users.Epoch.AddMinutes(3).AddSeconds(2), TimeSpan.FromSeconds(10));

        var bson = BsonRender.Document(UserDocument.FromDomain(user, 1));
        var restored = RoundTrip(UserDocument.FromDomain(user, 1)).ToDomain();

        Assert.That(bson["devices"][0]["grace_generation"], Is.EqualTo(new BsonInt64(1)));
        UserAssert.SameState(restored, user);
    }

    [Test]
    public void DeviceDocument_AfterARotation_KeepsItsGenerationAndTimeThroughBson()
    {
        var user = Users.New();
        var device = DeviceId.New();
        user.LinkDevice(device, DeviceDescription.Create("Phone"), Users.Epoch);
        user.RefreshSession(device, user.SessionOf(device), 0, Users.Epoch.AddMinutes(3), TimeSpan.FromSeconds(10));

        var bson = BsonRender.Document(UserDocument.FromDomain(user, 1));
        var restored = RoundTrip(UserDocument.FromDomain(user, 1)).ToDomain();

        Assert.That(bson["devices"][0]["generation"], Is.EqualTo(new BsonInt64(1)));
        Assert.That(bson["devices"][0]["rotated_at"].BsonType, Is.EqualTo(BsonType.DateTime));
        UserAssert.SameState(restored, user);
    }

    [Test]
    public void UserDocument_InBson_HasTheDocumentedNamesAndTypes()
    {
        var user = RichUser();

        var bson = BsonRender.Document(UserDocument.FromDomain(user, 7));

        Assert.That(bson.Names, Is.EqualTo(new[]
        {
            "_id", "full_name", "emails", "password_hash", "password_history", "devices", "is_master", "created_at", "updated_at", "version",
        }));
        Assert.That(bson["_id"], Is.EqualTo(new BsonString(user.Id.Value)));
        Assert.That(bson["created_at"].BsonType, Is.EqualTo(BsonType.DateTime));
        Assert.That(bson["updated_at"].BsonType, Is.EqualTo(BsonType.DateTime));
        Assert.That(bson["version"], Is.EqualTo(new BsonInt64(7)));
        Assert.That(bson["password_history"].AsBsonArray.Select(h => h.AsString), Is.EqualTo(user.PasswordHistory.Select(h => h.Value)));

        var email = bson["emails"][0].AsBsonDocument;
        Assert.That(email.Names, Is.EqualTo(new[] { "address", "normalized", "is_current", "is_verified", "inserted_at", "updated_at" }));
        Assert.That(email["address"].AsString, Is.EqualTo("Ann.Lee@Example.com"), "kept as typed");
        Assert.That(email["normalized"].AsString, Is.EqualTo("ann.lee@example.com"), "the key of the unique index");
        Assert.That(email["inserted_at"].ToUniversalTime(), Is.EqualTo(Users.Epoch.UtcDateTime));

        var device = bson["devices"][0].AsBsonDocument;
        // rotated_at is absent until the first refresh, as it is on devices stored before rotation;
        // grace_generation until the refresh grace is first used.
        Assert.That(device.Names, Is.EqualTo(new[] { "device_id", "description", "session_id", "first_seen", "last_used", "generation" }));
        Assert.That(device["generation"], Is.EqualTo(new BsonInt64(0)));
        Assert.That(device["last_used"].BsonType, Is.EqualTo(BsonType.DateTime));
        Assert.That(
            bson["devices"].AsBsonArray.Select(d => d["session_id"].AsString),
            Is.EqualTo(user.Devices.Select(d => d.SessionId.Value)),
            "each device's session, as the 32 hex digits its tokens carry");
    }

    [Test]
    public void PasswordResetDocument_InBson_IsExactlyTheDocumentedShape()
    {
        var userId = UserId.Parse("0190a1b2c3d4e5f60718293a4b5c6d7e");
        var reset = PasswordReset.Restore(userId, "keyed-hash", Users.Epoch, Users.Epoch.AddMinutes(15), failedAttempts: 2, version: 3);

        BsonRender.AssertSame(BsonRender.Document(PasswordResetDocument.FromDomain(reset)), """
            {
              _id: "0190a1b2c3d4e5f60718293a4b5c6d7e",
              code_hash: "keyed-hash",
              created_at: ISODate("2226-01-02T03:04:05.678Z"),
              expires_at: ISODate("2226-01-02T03:19:05.678Z"),
              failed_attempts: 2,
              version: NumberLong(3)
            }
            """);
    }

    [Test]
    public void PasswordResetDocument_ThroughBsonBytes_RestoresEveryField()
    {
        var reset = PasswordReset.Restore(UserId.New(), "keyed-hash", Users.Epoch, Users.Epoch.AddMinutes(15), failedAttempts: 2, version: 3);

        var restored = RoundTrip(PasswordResetDocument.FromDomain(reset)).ToDomain();

        Assert.Multiple(() =>
        {
            Assert.That(restored.UserId, Is.EqualTo(reset.UserId));
            Assert.That(restored.CodeHash, Is.EqualTo(reset.CodeHash));
            Assert.That(restored.CreatedAt, Is.EqualTo(reset.CreatedAt));
            Assert.That(restored.ExpiresAt, Is.EqualTo(reset.ExpiresAt));
            Assert.That(restored.FailedAttempts, Is.EqualTo(reset.FailedAttempts));
            Assert.That(restored.Version, Is.EqualTo(reset.Version));
        });
    }

    [Test]
    public void LoginThrottleDocument_InBson_IsExactlyTheDocumentedShapeAtTheNextVersion()
    {
        var throttle = LoginThrottle.Restore(
            "ann.lee@example.com",
            failures: 6,
            lastFailureAt: Users.Epoch,
            blockedUntil: Users.Epoch.AddSeconds(30),
            expiresAt: Users.Epoch.AddHours(12),
            version: 3);

        BsonRender.AssertSame(BsonRender.Document(LoginThrottleDocument.FromDomain(throttle)), """
            {
              _id: "ann.lee@example.com",
              failures: 6,
              last_failure_at: ISODate("2226-01-02T03:04:05.678Z"),
              blocked_until: ISODate("2226-01-02T03:04:35.678Z"),
              expires_at: ISODate("2226-01-02T15:04:05.678Z"),
              version: NumberLong(4)
            }
            """);
    }

    [Test]
    public void LoginThrottleDocument_ThroughBsonBytes_RestoresEveryFieldAtTheNextVersion()
    {
        var throttle = Throttles.Unsaved(Throttles.UniqueKey());

        var restored = RoundTrip(LoginThrottleDocument.FromDomain(throttle)).ToDomain();

        ThrottleAssert.SameState(restored, throttle, version: throttle.Version + 1);
    }

    /// <summary>A user with a past and a current address, two devices, a password history and the master flag.</summary>
    private static User RichUser()
    {
        var user = Users.New("Ann.Lee@Example.com");
        var kept = DeviceId.New();
        user.LinkDevice(DeviceId.New(), DeviceDescription.Create("Phone"), Users.Epoch.AddMinutes(1));
        user.LinkDevice(kept, DeviceDescription.Create("Laptop"), Users.Epoch.AddMinutes(2));
        user.ChangeEmail(EmailAddress.Create(Users.UniqueEmail()), Users.Epoch.AddMinutes(3));
        user.ChangePassword(Users.Hash("second"), kept, Users.Epoch.AddMinutes(4));
        user.LinkDevice(DeviceId.New(), DeviceDescription.Empty, Users.Epoch.AddMinutes(5));
        user.PromoteToMaster(Users.Epoch.AddMinutes(6));
        return user;
    }

    private static T RoundTrip<T>(T document)
    {
        var bytes = document.ToBson(MongoClassMaps.Serializer<T>());
        var raw = BsonSerializer.Deserialize<BsonDocument>(bytes);
        return MongoClassMaps.Serializer<T>().Deserialize(
            BsonDeserializationContext.CreateRoot(new MongoDB.Bson.IO.BsonDocumentReader(raw)));
    }
}
