using Ludmin.Infrastructure.Storage.Mongo;

namespace Ludmin.Storage.Tests.Mongo;

/// <summary>The indexes made on start are the documented ones: keys, names, uniqueness and expiry.</summary>
public sealed class MongoIndexTests
{
    [Test]
    public void Users_HaveAUniqueMultikeyIndexOnEveryNormalizedAddress()
    {
        var index = MongoIndexes.Users.Single(i => i.Options.Name == MongoIndexes.UsersByEmail);

        BsonRender.AssertSame(BsonRender.Keys(index.Keys), """{ "emails.normalized": 1 }""");
        Assert.That(index.Options.Unique, Is.True);
        Assert.That(index.Options.ExpireAfter, Is.Null);
    }

    [Test]
    public void Users_HaveACreationOrderIndexForTheList()
    {
        var index = MongoIndexes.Users.Single(i => i.Options.Name == MongoIndexes.UsersByCreation);

        BsonRender.AssertSame(BsonRender.Keys(index.Keys), "{ created_at: 1, _id: 1 }");
        Assert.That(index.Options.Unique, Is.Not.True);
    }

    [Test]
    public void Users_HaveNoOtherIndexesThanTheDocumentedOnes() =>
        Assert.That(MongoIndexes.Users.Select(i => i.Options.Name), Is.EquivalentTo(new[] { "emails_normalized_unique", "created_at_id" }));

    [Test]
    public void Resets_ExpireThroughATtlIndexAtExpiresAt()
    {
        var index = MongoIndexes.Resets.Single();

        Assert.That(index.Options.Name, Is.EqualTo("expires_at_ttl"));
        BsonRender.AssertSame(BsonRender.Keys(index.Keys), "{ expires_at: 1 }");
        Assert.That(index.Options.ExpireAfter, Is.EqualTo(TimeSpan.Zero), "expireAfterSeconds: 0, removed once expires_at has passed");
        Assert.That(index.Options.Unique, Is.Not.True);
    }

    [Test]
    public void Throttles_ExpireThroughATtlIndexAtExpiresAt()
    {
        var index = MongoIndexes.Throttles.Single();

        Assert.That(index.Options.Name, Is.EqualTo("expires_at_ttl"));
        BsonRender.AssertSame(BsonRender.Keys(index.Keys), "{ expires_at: 1 }");
        Assert.That(index.Options.ExpireAfter, Is.EqualTo(TimeSpan.Zero), "expireAfterSeconds: 0, forgotten once expires_at has passed");
        Assert.That(index.Options.Unique, Is.Not.True);
    }
}
