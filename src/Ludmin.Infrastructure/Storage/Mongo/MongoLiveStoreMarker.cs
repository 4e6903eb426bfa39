using MongoDB.Bson;
using MongoDB.Driver;

namespace Ludmin.Infrastructure.Storage.Mongo;

/// <summary>
/// The live-store marker as a document of <see cref="Collection"/>: an upsert that only sets the
/// date on insert, so the first start's date stays.
/// </summary>
internal sealed class MongoLiveStoreMarker(MongoStore store) : ILiveStoreMarker
{
    public const string Collection = "store_facts";

    private IMongoCollection<BsonDocument> Facts =>
        store.Database.GetCollection<BsonDocument>(Collection).WithWriteConcern(MongoStore.Writes).WithReadPreference(MongoStore.Reads);

    public static FilterDefinition<BsonDocument> Filter => Builders<BsonDocument>.Filter.Eq("_id", LiveStoreMarker.Name);

    public static UpdateDefinition<BsonDocument> Mark(DateTimeOffset now) => Builders<BsonDocument>.Update.SetOnInsert("value", LiveStoreMarker.Format(now));

    public Task MarkServedLiveAsync(DateTimeOffset now, CancellationToken cancellationToken) =>
        store.RunAsync(
            token => Facts.UpdateOneAsync(Filter, Mark(now), new UpdateOptions { IsUpsert = true }, token),
            cancellationToken);

    public Task<DateTimeOffset?> ServedLiveSinceAsync(CancellationToken cancellationToken) =>
        store.RunAsync(async token =>
        {
            var fact = await Facts.Find(Filter).FirstOrDefaultAsync(token);
            return LiveStoreMarker.Parse(fact?["value"].AsString);
        }, cancellationToken);
}
