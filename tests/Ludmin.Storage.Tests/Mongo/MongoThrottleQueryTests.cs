using Ludmin.Domain.LoginThrottles;
using Ludmin.Infrastructure.Storage.Mongo;
using Ludmin.Storage.Tests.Contract;
using MongoDB.Bson;

namespace Ludmin.Storage.Tests.Mongo;

/// <summary>What each login-throttle method sends, rendered to BSON; docs/operations.md shows the same shapes.</summary>
public sealed class MongoThrottleQueryTests
{
    private const string Key = "ann.lee@example.com";

    private static readonly LoginThrottle Read = LoginThrottle.Restore(
        Key, failures: 6, lastFailureAt: Users.Epoch, blockedUntil: Users.Epoch.AddSeconds(30), expiresAt: Users.Epoch.AddHours(12), version: 3);

    [Test]
    public void FindAndDelete_FilterOnTheAddress() =>
        BsonRender.AssertSame(BsonRender.Filter(MongoLoginThrottleRepository.ByKey(Key)), """{ _id: "ann.lee@example.com" }""");

    [Test]
    public void Save_FiltersOnTheAddressAndTheVersionRead() =>
        BsonRender.AssertSame(
            BsonRender.Filter(MongoLoginThrottleRepository.AsRead(Read)),
            """{ _id: "ann.lee@example.com", version: NumberLong(3) }""");

    [Test]
    public void Save_SetsTheWholeThrottleAtTheNextVersion()
    {
        var set = BsonRender.Update(MongoLoginThrottleRepository.Save(LoginThrottleDocument.FromDomain(Read)))["$set"].AsBsonDocument;

        Assert.That(set.Names, Is.EqualTo(BsonRender.Document(LoginThrottleDocument.FromDomain(Read)).Names.Skip(1)), "every field but _id, which the filter matched");
        Assert.That(set["version"], Is.EqualTo(new BsonInt64(4)));
    }

    [Test]
    public void FirstSave_InsertsAtVersionOne() =>
        Assert.That(
            BsonRender.Document(LoginThrottleDocument.FromDomain(LoginThrottle.Start(Key)))["version"],
            Is.EqualTo(new BsonInt64(1)));

    [Test]
    public void DeleteExpired_FiltersOnExpiryUpToNowInWholeMilliseconds() =>
        BsonRender.AssertSame(
            BsonRender.Filter(MongoLoginThrottleRepository.ExpiredBy(Users.Epoch.AddTicks(9_999))),
            """{ expires_at: { $lte: ISODate("2226-01-02T03:04:05.678Z") } }""");
}
