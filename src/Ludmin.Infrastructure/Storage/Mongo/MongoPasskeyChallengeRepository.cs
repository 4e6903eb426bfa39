using Ludmin.Domain.Common;
using Ludmin.Domain.Passkeys;
using Ludmin.Infrastructure.Observability;
using MongoDB.Driver;

namespace Ludmin.Infrastructure.Storage.Mongo;

/// <summary>Challenges keyed by themselves (<c>_id</c>); taken with one <c>findOneAndDelete</c>, so each is handed out once; the TTL index sweeps the rest.</summary>
internal sealed class MongoPasskeyChallengeRepository(MongoStore store) : IPasskeyChallengeRepository
{
    public Task AddAsync(PasskeyChallenge challenge, CancellationToken cancellationToken) =>
        store.RunAsync(StoreCalls.PasskeyChallenges, async token =>
        {
            await store.PasskeyChallenges.InsertOneAsync(PasskeyChallengeDocument.FromDomain(challenge), cancellationToken: token);
            return true;
        }, cancellationToken);

    public Task<PasskeyChallenge?> TakeAsync(string challenge, CancellationToken cancellationToken) =>
        store.RunAsync(StoreCalls.PasskeyChallenges, async token =>
            (await store.PasskeyChallenges.FindOneAndDeleteAsync(ByChallenge(challenge), cancellationToken: token))?.ToDomain(), cancellationToken);

    public Task<int> DeleteExpiredAsync(DateTimeOffset now, CancellationToken cancellationToken) =>
        store.DeleteExpiredAsync(StoreCalls.PasskeyChallenges, store.PasskeyChallenges, ExpiredBy(now), cancellationToken);

    internal static FilterDefinition<PasskeyChallengeDocument> ByChallenge(string challenge) =>
        Builders<PasskeyChallengeDocument>.Filter.Eq(d => d.Challenge, challenge);

    internal static FilterDefinition<PasskeyChallengeDocument> ExpiredBy(DateTimeOffset now) =>
        Builders<PasskeyChallengeDocument>.Filter.Lte(d => d.ExpiresAt, TimestampPrecision.Truncate(now));

    internal static FilterDefinition<PasskeyChallengeDocument> OfUser(Domain.Users.UserId userId) =>
        Builders<PasskeyChallengeDocument>.Filter.Eq(d => d.UserId, userId.Value);
}
