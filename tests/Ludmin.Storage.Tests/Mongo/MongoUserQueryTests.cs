using Ludmin.Domain.Users;
using Ludmin.Infrastructure.Storage.Mongo;
using MongoDB.Bson;

namespace Ludmin.Storage.Tests.Mongo;

/// <summary>What each user-repository method sends, rendered to BSON; docs/operations.md shows the same shapes.</summary>
public sealed class MongoUserQueryTests
{
    private static readonly UserId Id = UserId.Parse("0190a1b2c3d4e5f60718293a4b5c6d7e");

    [Test]
    public void FindById_FiltersOnId() =>
        BsonRender.AssertSame(BsonRender.Filter(MongoUserRepository.ById(Id)), """{ _id: "0190a1b2c3d4e5f60718293a4b5c6d7e" }""");

    [Test]
    public void FindByEmail_FiltersOnTheNormalizedAddressOfAnyHistoryEntry() =>
        BsonRender.AssertSame(
            BsonRender.Filter(MongoUserRepository.ByEmail(EmailAddress.Create("  Ann.Lee@Example.COM "))),
            """{ "emails.normalized": "ann.lee@example.com" }""");

    [Test]
    public void FindByEmail_OfAnAddressWhoseKeyChanged_AlsoMatchesTheKeyEarlierBuildsStored() =>
        // Issue 23, finding 8: a user stored before the Unicode-aware keys is still found by the spelling it was stored with.
        BsonRender.AssertSame(
            BsonRender.Filter(MongoUserRepository.ByEmail(EmailAddress.Create("Joe@B\u00FCcher.example"))),
            """{ "emails.normalized": { $in: ["joe@xn--bcher-kva.example", "joe@b\u00FCcher.example"] } }""");

    [Test]
    public void LinkGuard_OfAnAddressWhoseKeyChanged_AlsoHoldsForTheKeyEarlierBuildsStored()
    {
        var credentials = new LoginCredentials(PasswordHash.FromStored("$argon2id$h"), EmailAddress.Create("\uFF41dmin@example.com"));

        var filter = BsonRender.Filter(MongoUserRepository.StillHolds(credentials));

        BsonRender.AssertSame(
            filter["emails"]["$elemMatch"].AsBsonDocument,
            """{ normalized: { $in: ["admin@example.com", "\uFF41dmin@example.com"] }, is_current: true }""");
    }

    [Test]
    public void HasSession_FiltersOnIdAndOneDeviceWithBothIdAndSession() =>
        BsonRender.AssertSame(
            BsonRender.Filter(MongoUserRepository.WithSession(Id, DeviceId.Parse("0123456789abcdef0123456789abcdef"), SessionId.Parse("fedcba9876543210fedcba9876543210"))),
            """{ _id: "0190a1b2c3d4e5f60718293a4b5c6d7e", devices: { $elemMatch: { device_id: "0123456789abcdef0123456789abcdef", session_id: "fedcba9876543210fedcba9876543210" } } }""");

    [Test]
    public void AnyMaster_FiltersOnTheMasterFlag() =>
        BsonRender.AssertSame(BsonRender.Filter(MongoUserRepository.Masters), "{ is_master: true }");

    [Test]
    public void List_ScansTheCreationIndexInCreationOrder()
    {
        BsonRender.AssertSame(BsonRender.Filter(MongoUserRepository.All), "{ }");
        BsonRender.AssertSame(BsonRender.Sort(MongoUserRepository.CreationOrder), "{ created_at: 1, _id: 1 }");
        Assert.That(MongoUserRepository.ListOptions.Hint, Is.EqualTo(new BsonString(MongoIndexes.UsersByCreation)));
    }

    [Test]
    public void ListAfter_SeeksTheCreationIndexFromThePosition()
    {
        var position = new UserListPosition(new DateTimeOffset(2026, 1, 2, 3, 4, 5, 678, TimeSpan.Zero), Id);

        BsonRender.AssertSame(
            BsonRender.Filter(MongoUserRepository.After(position)),
            """{ $or: [ { created_at: { $gt: ISODate("2026-01-02T03:04:05.678Z") } }, { created_at: ISODate("2026-01-02T03:04:05.678Z"), _id: { $gt: "0190a1b2c3d4e5f60718293a4b5c6d7e" } } ] }""");
        BsonRender.AssertSame(BsonRender.Sort(MongoUserRepository.CreationOrder), "{ created_at: 1, _id: 1 }");
        Assert.That(MongoUserRepository.ListOptions.Hint, Is.EqualTo(new BsonString(MongoIndexes.UsersByCreation)), "the index whose keys the filter and the sort follow");
    }

    [Test]
    public void Update_FiltersOnIdAndTheVersionRead() =>
        BsonRender.AssertSame(
            BsonRender.Filter(MongoUserRepository.ByIdAndVersion(Id, 4)),
            """{ _id: "0190a1b2c3d4e5f60718293a4b5c6d7e", version: NumberLong(4) }""");
}
