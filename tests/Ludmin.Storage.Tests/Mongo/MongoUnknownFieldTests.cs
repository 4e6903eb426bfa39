using Ludmin.Domain.LoginThrottles;
using Ludmin.Domain.PasswordResets;
using Ludmin.Domain.Users;
using Ludmin.Infrastructure.Storage.Mongo;
using Ludmin.Storage.Tests.Contract;
using MongoDB.Bson;
using MongoDB.Bson.Serialization;

namespace Ludmin.Storage.Tests.Mongo;

/// <summary>
/// A rolling deploy: a newer instance stored fields this build does not know, at the top of a
/// document and inside its email and device elements. This build reads such documents and its
/// saves leave those fields where they were.
/// </summary>
public sealed class MongoUnknownFieldTests
{
    private static readonly BsonDocument Mfa = new() { { "kind", "totp" }, { "since", new BsonDateTime(Users.Epoch.UtcDateTime) } };

    [Test]
    public void UserDocument_WithUnknownFieldsAtTheTopAndInsideElements_IsRead()
    {
        var user = UserWithTwoDevices();
        var stored = StoredByANewerBuild(user);

        var read = BsonSerializer.Deserialize<UserDocument>(stored).ToDomain();

        UserAssert.SameState(read, user);
    }

    [Test]
    public void ResetAndThrottleDocuments_WithAnUnknownField_AreRead()
    {
        var reset = PasswordReset.Restore(UserId.New(), "keyed-hash", Users.Epoch, Users.Epoch.AddMinutes(15), failedAttempts: 2, version: 3);
        var resetBson = BsonRender.Document(PasswordResetDocument.FromDomain(reset));
        resetBson["channel"] = "sms";
        var throttle = Throttles.Unsaved(Throttles.UniqueKey());
        var throttleBson = BsonRender.Document(LoginThrottleDocument.FromDomain(throttle));
        throttleBson["source"] = "edge";

        using (Assert.EnterMultipleScope())
        {
            Assert.That(BsonSerializer.Deserialize<PasswordResetDocument>(resetBson).ToDomain().FailedAttempts, Is.EqualTo(2));
            ThrottleAssert.SameState(BsonSerializer.Deserialize<LoginThrottleDocument>(throttleBson).ToDomain(), throttle, version: throttle.Version + 1);
        }
    }

    [Test]
    public void ProfileSave_SetsOnlyTheFieldsThisBuildKnows_SoANewerBuildsFieldsStay()
    {
        // An operator update ($set/$inc of named fields), not a replacement: what it does not name
        // stays as stored, at the top and inside every email and device element.
        var read = BsonSerializer.Deserialize<UserDocument>(StoredByANewerBuild(UserWithTwoDevices())).ToDomain();
        read.Rename(FullName.Create("Ann Lee-Smith"), Users.Epoch.AddDays(1));

        var update = BsonRender.Update(MongoUserRepository.WritesFor(read).Single().Update).AsBsonDocument;

        using (Assert.EnterMultipleScope())
        {
            Assert.That(update.Names, Is.EquivalentTo(new[] { "$set", "$inc" }), "operators only: never a replacement");
            Assert.That(update["$set"].AsBsonDocument.Names, Is.EquivalentTo(new[] { "full_name", "password_hash", "password_history", "is_master", "updated_at" }));
        }
    }

    [Test]
    public void AddressChange_MergesEachEmailOverTheStoredOne_SoANewerBuildsFieldsStayEverywhere()
    {
        var stored = StoredByANewerBuild(UserWithTwoDevices());
        var read = BsonSerializer.Deserialize<UserDocument>(stored).ToDomain();
        var past = read.CurrentEmail;
        read.ChangeEmail(EmailAddress.Create(Users.UniqueEmail()), Users.Epoch.AddDays(1));
        read.ChangePassword(PasswordHash.FromStored("$argon2id$v=19$m=19456,t=2,p=1$bmV3$aGFzaA"), read.Devices[0].DeviceId, Users.Epoch.AddDays(1));

        var pipeline = BsonRender.Update(MongoUserRepository.WritesFor(read).Single().Update).AsBsonArray;
        var saved = PipelineUpdateEvaluator.Apply(pipeline, stored);

        using (Assert.EnterMultipleScope())
        {
            Assert.That(saved["mfa"], Is.EqualTo(Mfa), "a top-level field of the newer build");
            var kept = saved["emails"].AsBsonArray.Select(e => e.AsBsonDocument).Single(e => e["normalized"].AsString == past.Normalized);
            Assert.That(kept["confirmed_by"].AsString, Is.EqualTo("link"), "a field inside a kept email");
            Assert.That(kept["is_current"].AsBoolean, Is.False, "this build's own fields are the new ones");
            Assert.That(saved["emails"].AsBsonArray.Count(e => e.AsBsonDocument.Contains("confirmed_by")), Is.EqualTo(1), "a new email gets nobody else's fields");
            Assert.That(saved["password_hash"].AsString, Does.StartWith("$argon2id$"), "sent as a literal, not read as a path");
            Assert.That(saved["devices"].AsBsonArray.Select(d => d["device_id"].AsString), Is.EqualTo(new[] { read.Devices[0].DeviceId.Value }), "the password change ends the other sessions in the same write");
            Assert.That(saved["devices"][0]["push_token"].AsString, Is.EqualTo("push-1"), "a field inside the kept device");
        }

        Assert.That(BsonSerializer.Deserialize<UserDocument>(saved).Version, Is.EqualTo(read.Version + 1));
    }

    [Test]
    public void DeviceSaves_NameTheFieldsOfOneElement_SoItsOtherFieldsStay()
    {
        var read = BsonSerializer.Deserialize<UserDocument>(StoredByANewerBuild(UserWithTwoDevices())).ToDomain();
        read.LinkDevice(read.Devices[0].DeviceId, DeviceDescription.Create("Phone again"), Users.Epoch.AddDays(1));

        var update = BsonRender.Update(MongoUserRepository.WritesFor(read).Single().Update).AsBsonDocument;

        Assert.That(update["$set"].AsBsonDocument.Names, Is.All.StartsWith("devices.$[d]."), "the relinked element's own fields, one by one");
    }

    [Test]
    public void SaveThrottle_SetsEveryKnownFieldAndNothingElse()
    {
        var throttle = LoginThrottle.Restore("ann.lee@example.com", 6, Users.Epoch, Users.Epoch.AddSeconds(30), Users.Epoch.AddHours(12), version: 3);

        var update = BsonRender.Update(MongoLoginThrottleRepository.Save(LoginThrottleDocument.FromDomain(throttle)));

        BsonRender.AssertSame(update, """
            {
              $set: {
                failures: 6,
                last_failure_at: ISODate("2226-01-02T03:04:05.678Z"),
                blocked_until: ISODate("2226-01-02T03:04:35.678Z"),
                expires_at: ISODate("2226-01-02T15:04:05.678Z"),
                version: NumberLong(4)
              }
            }
            """);
    }

    [Test]
    public async Task ReadAndUpdateThroughTheAdapter_KeepTheNewerBuildsFields()
    {
        var user = UserWithTwoDevices();
        var stored = StoredByANewerBuild(user);
        await using var server = new FakeMongoServer();
        server.Respond = command => command.GetElement(0).Name == "find" && command["find"] == "users"
            ? new BsonDocument
            {
                { "cursor", new BsonDocument { { "firstBatch", new BsonArray { stored } }, { "id", 0L }, { "ns", "ludmin.users" } } },
                { "ok", 1.0 },
            }
            : null;
        using var store = server.ConnectStore();
        await store.EnsureIndexesAsync(CancellationToken.None);
        var users = new MongoUserRepository(store);

        var read = await users.FindByIdAsync(user.Id, CancellationToken.None);
        read!.Rename(FullName.Create("Ann Lee-Smith"), Users.Epoch.AddDays(1));
        await users.UpdateAsync(read, CancellationToken.None);

        var update = server.CommandsNamed("update").Single()["updates"][0]["u"].AsBsonDocument;
        using (Assert.EnterMultipleScope())
        {
            Assert.That(read.FullName.Value, Is.EqualTo("Ann Lee-Smith"));
            Assert.That(update.Names, Is.All.StartsWith("$"), "an operator update reached the server, not a replacement");
            Assert.That(update["$set"].AsBsonDocument.Names, Has.None.AnyOf("mfa", "emails", "devices"), "what it does not name stays as the newer build stored it");
        }
    }

    private static User UserWithTwoDevices()
    {
        var user = Users.New();
        user.LinkDevice(DeviceId.New(), DeviceDescription.Create("Phone"), Users.Epoch.AddMinutes(1));
        user.LinkDevice(DeviceId.New(), DeviceDescription.Create("Laptop"), Users.Epoch.AddMinutes(2));
        return user;
    }

    /// <summary>The user as this build stores it, plus what a newer build added.</summary>
    private static BsonDocument StoredByANewerBuild(User user)
    {
        var stored = BsonRender.Document(UserDocument.FromDomain(user, user.Version));
        stored["mfa"] = Mfa.DeepClone();
        stored["emails"][0]["confirmed_by"] = "link";
        stored["devices"][0]["push_token"] = "push-1";
        stored["devices"][1]["push_token"] = "push-2";
        return stored;
    }

}
