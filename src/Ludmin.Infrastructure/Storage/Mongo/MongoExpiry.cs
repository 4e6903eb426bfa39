using MongoDB.Driver;

namespace Ludmin.Infrastructure.Storage.Mongo;

/// <summary>
/// The expired-record sweep of the collections with a TTL index (reset codes, failed-login
/// counts): the index removes what expired on its own, about once a minute; this is the same
/// rule on demand, so both stores answer a sweep alike.
/// </summary>
internal static class MongoExpiry
{
    /// <summary>Deletes every document of <paramref name="collection"/> that <paramref name="expired"/> matches; the answer is how many went.</summary>
    public static Task<int> DeleteExpiredAsync<TDocument>(
        this MongoStore store, IMongoCollection<TDocument> collection, FilterDefinition<TDocument> expired, CancellationToken cancellationToken) =>
        store.RunAsync(async token =>
        {
            var result = await collection.DeleteManyAsync(expired, token);
            return (int)result.DeletedCount;
        }, cancellationToken);
}
