using Ludmin.Domain.Common;
using Ludmin.Domain.SecondFactors;
using Ludmin.Domain.Users;
using Ludmin.Infrastructure.Observability;
using MongoDB.Driver;

namespace Ludmin.Infrastructure.Storage.Mongo;

/// <summary>
/// Second factors, one document per user. Every change is a single-document compare-and-set on
/// <c>version</c> (an update or delete matching the version read, an insert that the unique
/// <c>_id</c> refuses twice), so of two requests passing the same TOTP step one writes.
/// </summary>
internal sealed class MongoSecondFactorRepository(MongoStore store) : ISecondFactorRepository
{
    public Task<SecondFactorSet> FindAsync(UserId userId, CancellationToken cancellationToken) =>
        store.RunAsync(StoreCalls.SecondFactors, async token =>
        {
            var document = await store.SecondFactors.Find(ByUser(userId)).Limit(1).FirstOrDefaultAsync(token);
            return document?.ToDomain() ?? SecondFactorSet.None;
        }, cancellationToken);

    public Task SaveAsync(UserId userId, SecondFactorSet factors, DateTimeOffset now, CancellationToken cancellationToken) =>
        store.RunAsync(StoreCalls.SecondFactors, async token =>
        {
            if (factors.IsEmpty)
            {
                var deleted = await store.SecondFactors.DeleteOneAsync(AsRead(userId, factors.Version), token);
                return deleted.DeletedCount == 1 || factors.Version == 0 ? true : throw new ConcurrencyException("second factors", userId.Value);
            }

            var document = SecondFactorDocument.FromDomain(userId, factors);
            if (factors.Version == 0)
            {
                try
                {
                    await store.SecondFactors.InsertOneAsync(document, cancellationToken: token);
                    return true;
                }
                catch (MongoWriteException ex) when (ex.WriteError?.Category == ServerErrorCategory.DuplicateKey)
                {
                    throw new ConcurrencyException("second factors", userId.Value);
                }
            }

            var updated = await store.SecondFactors.UpdateOneAsync(AsRead(userId, factors.Version), Write(document), cancellationToken: token);
            return updated.MatchedCount == 1 ? true : throw new ConcurrencyException("second factors", userId.Value);
        }, cancellationToken);

    /// <summary>The TTL index does this on its own about once a minute; this is the same rule, on demand.</summary>
    public Task<int> DeleteExpiredAsync(DateTimeOffset now, CancellationToken cancellationToken) =>
        store.DeleteExpiredAsync(
            StoreCalls.SecondFactors, store.SecondFactors, Builders<SecondFactorDocument>.Filter.Lte(d => d.ExpiresAt, TimestampPrecision.Truncate(now)), cancellationToken);

    internal static FilterDefinition<SecondFactorDocument> ByUser(UserId userId) =>
        Builders<SecondFactorDocument>.Filter.Eq(d => d.UserId, userId.Value);

    internal static FilterDefinition<SecondFactorDocument> AsRead(UserId userId, long version) =>
        ByUser(userId) & Builders<SecondFactorDocument>.Filter.Eq(d => d.Version, version);

    /// <summary>Every field this build knows, named one by one (never a replacement that would drop a newer build's fields); the version moves on.</summary>
    internal static UpdateDefinition<SecondFactorDocument> Write(SecondFactorDocument document) =>
        Builders<SecondFactorDocument>.Update
            .Set(d => d.TotpSecret, document.TotpSecret)
            .Set(d => d.TotpState, document.TotpState)
            .Set(d => d.EnrolledAt, document.EnrolledAt)
            .Set(d => d.ActivatedAt, document.ActivatedAt)
            .Set(d => d.LastStep, document.LastStep)
            .Set(d => d.RecoveryCodes, document.RecoveryCodes)
            .Set(d => d.ExpiresAt, document.ExpiresAt)
            .Inc(d => d.Version, 1L);
}
