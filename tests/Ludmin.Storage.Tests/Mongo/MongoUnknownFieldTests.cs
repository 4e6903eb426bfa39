using Ludmin.Domain.LoginThrottles;
using Ludmin.Domain.PasswordResets;
using Ludmin.Domain.Users;
using Ludmin.Infrastructure.Storage.Mongo;
using Ludmin.Storage.Tests.Contract;
using Microsoft.Extensions.Logging.Abstractions;
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
    public void Update_KeepsUnknownFieldsOfTheDocumentAndOfEveryElementItKeeps()
    {
        var user = UserWithTwoDevices();
        var stored = StoredByANewerBuild(user);
        var read = BsonSerializer.Deserialize<UserDocument>(stored).ToDomain();
        var (kept, gone) = (read.Devices[0].DeviceId, read.Devices[1].DeviceId);
        var past = read.CurrentEmail;
        read.Rename(FullName.Create("Ann Lee-Smith"), Users.Epoch.AddDays(1));
        read.ChangeEmail(EmailAddress.Create(Users.UniqueEmail()), Users.Epoch.AddDays(1));
        read.Logout(gone);
        read.LinkDevice(DeviceId.New(), DeviceDescription.Create("Tablet"), Users.Epoch.AddDays(1));

        var saved = Save(stored, read);

        using (Assert.EnterMultipleScope())
        {
            Assert.That(saved["mfa"], Is.EqualTo(Mfa), "a top-level field of the newer build");
            var email = Element(saved, "emails", "normalized", past.Normalized);
            Assert.That(email["confirmed_by"].AsString, Is.EqualTo("link"), "a field inside a kept email");
            Assert.That(email["is_current"].AsBoolean, Is.False, "this build's own fields are the new ones");
            Assert.That(Element(saved, "devices", "device_id", kept.Value)["push_token"].AsString, Is.EqualTo("push-1"), "a field inside a kept device");
            Assert.That(saved["devices"].AsBsonArray.Select(d => d["device_id"].AsString), Does.Not.Contain(gone.Value), "a logged-out device goes, unknown fields and all");
            Assert.That(saved["devices"].AsBsonArray.Count(d => d.AsBsonDocument.Contains("push_token")), Is.EqualTo(1), "a new device gets nobody else's fields");
            Assert.That(saved["emails"].AsBsonArray.Count(e => e.AsBsonDocument.Contains("confirmed_by")), Is.EqualTo(1));
        }

        var reread = BsonSerializer.Deserialize<UserDocument>(saved);
        UserAssert.SameState(reread.ToDomain(), read);
        Assert.That(reread.Version, Is.EqualTo(read.Version + 1));
    }

    [Test]
    public void Update_SendsEveryStoredValueAsALiteral()
    {
        // A password hash starts with "$argon2id$": outside $literal, a pipeline would read it as a field path.
        var user = Users.New();

        var set = Rendered(user)[0]["$set"].AsBsonDocument;

        using (Assert.EnterMultipleScope())
        {
            Assert.That(set.Names, Does.Not.Contain("_id"), "the filter matched the id; the update never sets it");
            BsonRender.AssertSame(set["password_hash"], new BsonDocument("$literal", user.PasswordHash.Value));
            BsonRender.AssertSame(set["version"], new BsonDocument("$literal", new BsonInt64(user.Version + 1)));
            BsonRender.AssertSame(set["emails"]["$map"]["input"]["$literal"], BsonRender.Document(UserDocument.FromDomain(user, user.Version + 1))["emails"]);
        }

        var saved = PipelineUpdateEvaluator.Apply(Rendered(user), BsonRender.Document(UserDocument.FromDomain(user, user.Version)));
        Assert.That(saved["password_hash"].AsString, Is.EqualTo(user.PasswordHash.Value));
    }

    [Test]
    public void Update_OfAUserWhoseStoredArraysAreMissing_WritesThemWhole()
    {
        var user = UserWithTwoDevices();
        var stored = BsonRender.Document(UserDocument.FromDomain(user, user.Version));
        stored.Remove("devices");

        var saved = PipelineUpdateEvaluator.Apply(Rendered(user), stored);

        UserAssert.SameState(BsonSerializer.Deserialize<UserDocument>(saved).ToDomain(), user);
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
        using var store = MongoStore.Connect(server.ConnectionString, "ludmin", TimeProvider.System, NullLogger<MongoStore>.Instance);
        await store.EnsureIndexesAsync(CancellationToken.None);
        var users = new MongoUserRepository(store);

        var read = await users.FindByIdAsync(user.Id, CancellationToken.None);
        read!.Rename(FullName.Create("Ann Lee-Smith"), Users.Epoch.AddDays(1));
        await users.UpdateAsync(read, CancellationToken.None);

        var update = server.CommandsNamed("update").Single()["updates"][0].AsBsonDocument;
        var saved = PipelineUpdateEvaluator.Apply(update["u"].AsBsonArray, stored);
        using (Assert.EnterMultipleScope())
        {
            Assert.That(saved["mfa"], Is.EqualTo(Mfa));
            Assert.That(saved["full_name"].AsString, Is.EqualTo("Ann Lee-Smith"));
            Assert.That(saved["emails"][0]["confirmed_by"].AsString, Is.EqualTo("link"));
            Assert.That(saved["devices"][0]["push_token"].AsString, Is.EqualTo("push-1"));
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

    private static BsonArray Rendered(User user) =>
        BsonRender.Update(UserDocumentUpdate.Preserving(UserDocument.FromDomain(user, user.Version + 1))).AsBsonArray;

    private static BsonDocument Save(BsonDocument stored, User user) => PipelineUpdateEvaluator.Apply(Rendered(user), stored);

    private static BsonDocument Element(BsonDocument document, string array, string key, string value) =>
        document[array].AsBsonArray.Select(e => e.AsBsonDocument).Single(e => e[key].AsString == value);
}
