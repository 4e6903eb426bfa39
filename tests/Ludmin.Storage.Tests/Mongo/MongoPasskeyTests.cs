using System.Security.Cryptography;
using Ludmin.Domain.Passkeys;
using Ludmin.Domain.Users;
using Ludmin.Infrastructure.Storage.Mongo;
using Ludmin.Storage.Tests.Contract;
using MongoDB.Bson;
using MongoDB.Bson.Serialization;
using MongoDB.Driver;

namespace Ludmin.Storage.Tests.Mongo;

/// <summary>
/// The Mongo adapter's passkeys without a server: the documents through BSON and back under their
/// documented names, the queries and updates as the driver renders them, and the indexes (the
/// credential id is the <c>_id</c>, so the server keeps it unique).
/// </summary>
public sealed class MongoPasskeyTests
{
    [Test]
    public void PasskeyDocument_ThroughBsonBytes_RestoresEveryField_UnderTheCredentialIdAsId()
    {
        var passkey = Passkey.Register(UserId.New(), CredentialId.FromBytes(RandomNumberGenerator.GetBytes(24)), [1, 2, 3], PasskeyName.Create("Phone"), 4, true, true, Users.Epoch);
        passkey.RecordUse(5, backedUp: true, Users.Epoch.AddMinutes(1));

        var bson = BsonRender.Document(PasskeyDocument.FromDomain(passkey));
        var restored = RoundTrip(PasskeyDocument.FromDomain(passkey)).ToDomain();

        Assert.That(bson.Names, Is.EqualTo(new[] { "_id", "id", "user_id", "public_key", "user_handle", "name", "sign_count", "backup_eligible", "backed_up", "created_at", "last_used", "version" }));
        Assert.That(bson["_id"], Is.EqualTo(new BsonString(passkey.CredentialId.Value)));
        Assert.That(bson["sign_count"], Is.EqualTo(new BsonInt64(5)));
        Assert.That(bson["created_at"].BsonType, Is.EqualTo(BsonType.DateTime));
        Assert.That(restored.Id, Is.EqualTo(passkey.Id));
        Assert.That(restored.CredentialId, Is.EqualTo(passkey.CredentialId));
        Assert.That(restored.PublicKey, Is.EqualTo(passkey.PublicKey));
        Assert.That(restored.UserHandle, Is.EqualTo(passkey.UserHandle));
        Assert.That((restored.SignCount, restored.BackupEligible, restored.BackedUp, restored.CreatedAt, restored.LastUsed), Is.EqualTo((5L, true, true, passkey.CreatedAt, passkey.LastUsed)));
        Assert.That(restored.Version, Is.EqualTo(passkey.Version + 1), "a new document is stored at version 1");
    }

    [Test]
    public void PasskeyChallengeDocument_ThroughBsonBytes_RestoresEveryField()
    {
        var challenge = PasskeyChallenge.Issue("abc", CeremonyPurpose.SignIn, DeviceId.New(), null, """{"challenge":"abc"}""", Users.Epoch);

        var bson = BsonRender.Document(PasskeyChallengeDocument.FromDomain(challenge));
        var restored = RoundTrip(PasskeyChallengeDocument.FromDomain(challenge)).ToDomain();

        Assert.That(bson["_id"], Is.EqualTo(new BsonString("abc")));
        Assert.That(bson["purpose"], Is.EqualTo(new BsonInt32(2)));
        Assert.That((restored.Challenge, restored.Purpose, restored.DeviceId, restored.UserId, restored.OptionsJson, restored.ExpiresAt),
            Is.EqualTo((challenge.Challenge, challenge.Purpose, challenge.DeviceId, challenge.UserId, challenge.OptionsJson, challenge.ExpiresAt)));
    }

    [Test]
    public void Update_OfAUse_IsGuardedByTheVersionRead_AndMovesItOn()
    {
        var passkey = Passkey.Restore(PasskeyId.New(), UserId.New(), CredentialId.FromBytes(new byte[16]), [1], [2], PasskeyName.Create("Key"), 3, false, false, Users.Epoch, null, 4);
        passkey.RecordUse(9, backedUp: false, Users.Epoch.AddMinutes(2));

        BsonRender.AssertSame(BsonRender.Filter(MongoPasskeyRepository.AsRead(passkey)), $$"""{ _id: "{{passkey.CredentialId.Value}}", version: { $numberLong: "4" } }""");
        var update = BsonRender.Update(MongoPasskeyRepository.Changes(passkey)).AsBsonDocument;
        Assert.That(update["$set"]["sign_count"], Is.EqualTo(new BsonInt64(9)));
        Assert.That(update["$inc"]["version"], Is.EqualTo(new BsonInt64(1)));
    }

    [Test]
    public void Indexes_ListAUsersPasskeys_AndExpireChallenges()
    {
        BsonRender.AssertSame(BsonRender.Keys(MongoIndexes.Passkeys.Single().Keys), "{ user_id: 1, created_at: 1 }");
        var ttl = MongoIndexes.Challenges.Single();
        BsonRender.AssertSame(BsonRender.Keys(ttl.Keys), "{ expires_at: 1 }");
        Assert.That(ttl.Options.ExpireAfter, Is.EqualTo(TimeSpan.Zero));
        Assert.That(MongoIndexes.Expected.Select(e => e.Collection), Does.Contain("passkeys").And.Contain("passkey_challenges"));
    }

    [Test]
    public void Deletion_OfAUser_NamesItsPasskeysAndChallenges()
    {
        var user = UserId.New();
        BsonRender.AssertSame(BsonRender.Filter(MongoPasskeyRepository.OfUser(user)), $$"""{ user_id: "{{user.Value}}" }""");
        BsonRender.AssertSame(BsonRender.Filter(MongoPasskeyChallengeRepository.OfUser(user)), $$"""{ user_id: "{{user.Value}}" }""");
    }

    private static T RoundTrip<T>(T document)
    {
        var bytes = document.ToBson(MongoClassMaps.Serializer<T>());
        var raw = BsonSerializer.Deserialize<BsonDocument>(bytes);
        return MongoClassMaps.Serializer<T>().Deserialize(BsonDeserializationContext.CreateRoot(new MongoDB.Bson.IO.BsonDocumentReader(raw)));
    }
}
