using Ludmin.Domain.Common;
using Ludmin.Domain.LoginThrottles;
using Ludmin.Infrastructure.Observability;
using MongoDB.Driver;

namespace Ludmin.Infrastructure.Storage.Mongo;

/// <summary>
/// Failed-login counts, one document per normalized address. A first failure inserts (a racing
/// insert hits the <c>_id</c> and is a lost race); later ones <c>$set</c> every field where the
/// version read is still stored (a <c>$set</c>, not a replacement, so a field a newer build
/// added survives). A login's failure is counted by one upsert instead
/// (<see cref="LoginFailurePipeline"/>). The TTL index forgets an address after its quiet period.
/// </summary>
internal sealed class MongoLoginThrottleRepository(MongoStore store) : ILoginThrottleRepository
{
    private static readonly UpdateOptions Upsert = new() { IsUpsert = true };

    public Task<LoginThrottle?> FindAsync(string key, CancellationToken cancellationToken) =>
        store.RunAsync(StoreCalls.LoginThrottles, async token =>
        {
            var document = await store.Throttles.Find(ByKey(key)).Limit(1).FirstOrDefaultAsync(token);
            return document?.ToDomain();
        }, cancellationToken);

    public Task SaveAsync(LoginThrottle throttle, CancellationToken cancellationToken) =>
        store.RunAsync(StoreCalls.LoginThrottles, async token =>
        {
            var document = LoginThrottleDocument.FromDomain(throttle);
            if (throttle.Version == 0)
            {
                try
                {
                    await store.Throttles.InsertOneAsync(document, cancellationToken: token);
                    return true;
                }
                catch (MongoWriteException ex) when (ex.WriteError?.Category == ServerErrorCategory.DuplicateKey)
                {
                    throw new ConcurrencyException("login throttle", throttle.Key);
                }
            }

            var result = await store.Throttles.UpdateOneAsync(AsRead(throttle), Save(document), cancellationToken: token);
            return result.MatchedCount == 1 ? true : throw new ConcurrencyException("login throttle", throttle.Key);
        }, cancellationToken);

    public Task RecordFailureAsync(string key, DateTimeOffset now, LoginThrottlePolicy policy, CancellationToken cancellationToken) =>
        store.RunAsync(StoreCalls.LoginThrottles, async token =>
        {
            var update = LoginFailurePipeline.For(now, policy);
            try
            {
                await store.Throttles.UpdateOneAsync(ByKey(key), update, Upsert, token);
            }
            catch (MongoWriteException ex) when (ex.WriteError?.Category == ServerErrorCategory.DuplicateKey)
            {
                // Two first failures upserted at once and the other one inserted first: there is
                // now a document to update. (From 4.2 the server retries such an upsert itself.)
                await store.Throttles.UpdateOneAsync(ByKey(key), update, Upsert, token);
            }

            return true;
        }, cancellationToken);

    public Task DeleteAsync(string key, CancellationToken cancellationToken) =>
        store.RunAsync(StoreCalls.LoginThrottles, async token =>
        {
            await store.Throttles.DeleteOneAsync(ByKey(key), token);
            return true;
        }, cancellationToken);

    public Task<int> DeleteExpiredAsync(DateTimeOffset now, CancellationToken cancellationToken) =>
        store.DeleteExpiredAsync(StoreCalls.LoginThrottles, store.Throttles, ExpiredBy(now), cancellationToken);

    internal static FilterDefinition<LoginThrottleDocument> ByKey(string key) =>
        Builders<LoginThrottleDocument>.Filter.Eq(d => d.Key, key);

    internal static FilterDefinition<LoginThrottleDocument> AsRead(LoginThrottle throttle) =>
        Builders<LoginThrottleDocument>.Filter.Eq(d => d.Key, throttle.Key)
        & Builders<LoginThrottleDocument>.Filter.Eq(d => d.Version, throttle.Version);

    /// <summary>Every field of the throttle at its next version; fields this build does not know stay as stored.</summary>
    internal static UpdateDefinition<LoginThrottleDocument> Save(LoginThrottleDocument document) =>
        Builders<LoginThrottleDocument>.Update
            .Set(d => d.Failures, document.Failures)
            .Set(d => d.LastFailureAt, document.LastFailureAt)
            .Set(d => d.BlockedUntil, document.BlockedUntil)
            .Set(d => d.ExpiresAt, document.ExpiresAt)
            .Set(d => d.Version, document.Version);

    internal static FilterDefinition<LoginThrottleDocument> ExpiredBy(DateTimeOffset now) =>
        Builders<LoginThrottleDocument>.Filter.Lte(d => d.ExpiresAt, TimestampPrecision.Truncate(now));
}
