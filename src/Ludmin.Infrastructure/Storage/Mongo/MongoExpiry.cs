using System.Runtime.CompilerServices;
using MongoDB.Driver;

namespace Ludmin.Infrastructure.Storage.Mongo;

/// <summary>
/// The expired-record sweep of the collections with a TTL index (reset codes, failed-login
/// counts): the index removes what expired on its own, about once a minute; this is the same
/// rule on demand, so both stores answer a sweep alike.
/// </summary>
internal static class MongoExpiry
{
    /// <summary>
    /// Deletes every document of <paramref name="collection"/> that <paramref name="expired"/>
    /// matches; the answer is how many went. Measured as the operation <paramref name="method"/>
    /// (the calling method) of <paramref name="repository"/>.
    /// </summary>
    public static Task<int> DeleteExpiredAsync<TDocument>(
        this MongoStore store,
        string repository,
        IMongoCollection<TDocument> collection,
        FilterDefinition<TDocument> expired,
        CancellationToken cancellationToken,
        [CallerMemberName] string method = "") =>
        store.RunAsync(
            repository,
            async token =>
            {
                var result = await collection.DeleteManyAsync(expired, token);
                return (int)result.DeletedCount;
            },
            cancellationToken,
            method);
}
