using Ludmin.Infrastructure.Storage.Copying;
using Ludmin.Infrastructure.Storage.Mongo;
using Ludmin.Infrastructure.Storage.Sqlite;
using Ludmin.Storage.Tests.Contract;
using Ludmin.Storage.Tests.Sqlite;
using MongoDB.Bson;

namespace Ludmin.Storage.Tests.Mongo;

/// <summary>
/// The live-store marker on MongoDB, without a server: the document it writes (an upsert that sets
/// the date only on insert, so the first start's date stays), and copy-store against a fake server
/// that holds the marker: refused before any user is sent, unless overwriting is asked.
/// </summary>
public sealed class MongoLiveStoreMarkerTests
{
    [Test]
    public void Mark_IsAnUpsertOfTheMarkerThatSetsTheDateOnlyOnInsert()
    {
        BsonRender.AssertSame(BsonRender.Filter(MongoLiveStoreMarker.Filter), """{ _id: "served_live_since" }""");
        BsonRender.AssertSame(BsonRender.Update(MongoLiveStoreMarker.Mark(Users.Epoch)), """{ $setOnInsert: { value: "2226-01-02T03:04:05.6780000Z" } }""");
    }

    [Test]
    public async Task Copy_WhenTheServerHoldsTheMarker_IsRefusedAndSendsNoUser()
    {
        await using var source = await TemporarySqliteStore.CreateAsync();
        await source.Users.AddAsync(Users.New(), CancellationToken.None);
        await using var server = ServerHoldingTheMarker();
        using var store = server.ConnectStore();

        var refusal = Assert.ThrowsAsync<InvalidOperationException>(() =>
            new StoreCopier(new SqliteStoreCopySource(source.Database), new MongoStoreCopyTarget(store), TimeProvider.System).CopyAsync(null, CancellationToken.None));

        Assert.That(refusal!.Message, Does.Contain("since 2226-01-02T03:04:05.6780000Z").And.Contain("--overwrite-live-store"));
        Assert.That(server.CommandsNamed("update").Where(c => c["update"] == "users"), Is.Empty);
    }

    [Test]
    public async Task Copy_WhenTheServerHoldsTheMarkerAndOverwriteIsAsked_SendsTheUsers()
    {
        await using var source = await TemporarySqliteStore.CreateAsync();
        await source.Users.AddAsync(Users.New(), CancellationToken.None);
        await using var server = ServerHoldingTheMarker();
        using var store = server.ConnectStore();

        await new StoreCopier(new SqliteStoreCopySource(source.Database), new MongoStoreCopyTarget(store), TimeProvider.System, overwriteLiveStore: true)
            .CopyAsync(null, CancellationToken.None);

        Assert.That(server.CommandsNamed("update").Where(c => c["update"] == "users"), Is.Not.Empty);
    }

    private static FakeMongoServer ServerHoldingTheMarker() => new()
    {
        Respond = command => command.GetElement(0).Name == "find" && command["find"] == MongoLiveStoreMarker.Collection
            ? new BsonDocument
            {
                {
                    "cursor", new BsonDocument
                    {
                        { "firstBatch", new BsonArray { new BsonDocument { { "_id", "served_live_since" }, { "value", "2226-01-02T03:04:05.6780000Z" } } } },
                        { "id", 0L },
                        { "ns", $"{command["$db"]}.{MongoLiveStoreMarker.Collection}" },
                    }
                },
                { "ok", 1.0 },
            }
            : null,
    };
}
