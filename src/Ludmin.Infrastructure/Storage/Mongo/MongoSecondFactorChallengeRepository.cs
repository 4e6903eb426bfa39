using Ludmin.Domain.Common;
using Ludmin.Domain.SecondFactors;
using Ludmin.Infrastructure.Observability;
using MongoDB.Driver;

namespace Ludmin.Infrastructure.Storage.Mongo;

/// <summary>The open second steps of logins, one document each; a wrong code is an atomic <c>$inc</c>, and the one that reaches the limit removes the step.</summary>
internal sealed class MongoSecondFactorChallengeRepository(MongoStore store) : ISecondFactorChallengeRepository
{
    public Task AddAsync(SecondFactorChallenge challenge, CancellationToken cancellationToken) =>
        store.RunAsync(StoreCalls.SecondFactorChallenges, async token =>
        {
            await store.SecondFactorChallenges.InsertOneAsync(SecondFactorChallengeDocument.FromDomain(challenge), cancellationToken: token);
            return true;
        }, cancellationToken);

    public Task<SecondFactorChallenge?> FindAsync(string id, CancellationToken cancellationToken) =>
        store.RunAsync(StoreCalls.SecondFactorChallenges, async token =>
        {
            var document = await store.SecondFactorChallenges.Find(ById(id)).Limit(1).FirstOrDefaultAsync(token);
            return document?.ToDomain();
        }, cancellationToken);

    public Task<bool> RecordFailureAsync(string id, CancellationToken cancellationToken) =>
        store.RunAsync(StoreCalls.SecondFactorChallenges, async token =>
        {
            await store.SecondFactorChallenges.UpdateOneAsync(ById(id), WrongCode, cancellationToken: token);
            var spent = await store.SecondFactorChallenges.DeleteOneAsync(Spent(id), token);
            return spent.DeletedCount == 1;
        }, cancellationToken);

    public Task<bool> TryConsumeAsync(string id, CancellationToken cancellationToken) =>
        store.RunAsync(StoreCalls.SecondFactorChallenges, async token =>
        {
            var consumed = await store.SecondFactorChallenges.DeleteOneAsync(Open(id), token);
            return consumed.DeletedCount == 1;
        }, cancellationToken);

    public Task<int> DeleteExpiredAsync(DateTimeOffset now, CancellationToken cancellationToken) =>
        store.DeleteExpiredAsync(
            StoreCalls.SecondFactorChallenges,
            store.SecondFactorChallenges,
            Builders<SecondFactorChallengeDocument>.Filter.Lte(d => d.ExpiresAt, TimestampPrecision.Truncate(now)),
            cancellationToken);

    internal static FilterDefinition<SecondFactorChallengeDocument> ById(string id) =>
        Builders<SecondFactorChallengeDocument>.Filter.Eq(d => d.Id, id);

    internal static FilterDefinition<SecondFactorChallengeDocument> Spent(string id) =>
        ById(id) & Builders<SecondFactorChallengeDocument>.Filter.Gte(d => d.Failures, SecondFactorChallenge.MaxFailures);

    internal static FilterDefinition<SecondFactorChallengeDocument> Open(string id) =>
        ById(id) & Builders<SecondFactorChallengeDocument>.Filter.Lt(d => d.Failures, SecondFactorChallenge.MaxFailures);

    internal static readonly UpdateDefinition<SecondFactorChallengeDocument> WrongCode =
        Builders<SecondFactorChallengeDocument>.Update.Inc(d => d.Failures, 1);
}
