using Ludmin.Domain.Common;
using Ludmin.Domain.Passkeys;
using Ludmin.Domain.Users;
using Ludmin.Infrastructure.Observability;
using MongoDB.Bson;
using MongoDB.Driver;

namespace Ludmin.Infrastructure.Storage.Mongo;

/// <summary>
/// Passkeys, one document each, the credential id as <c>_id</c> (the uniqueness guard). Without
/// a transaction across collections, a passkey added while its user is being deleted is removed
/// again when the user is found gone right after the insert; the deletion removes a user's
/// passkeys after its commit point (<see cref="MongoUserDeletion"/>).
/// </summary>
internal sealed class MongoPasskeyRepository(MongoStore store) : IPasskeyRepository
{
    public Task<IReadOnlyList<Passkey>> ListAsync(UserId userId, CancellationToken cancellationToken) =>
        store.RunAsync<IReadOnlyList<Passkey>>(StoreCalls.Passkeys, async token =>
        {
            var documents = await store.Passkeys.Find(OfUser(userId)).Sort(Builders<PasskeyDocument>.Sort.Ascending(d => d.CreatedAt).Ascending(d => d.Id)).ToListAsync(token);
            return [.. documents.Select(d => d.ToDomain())];
        }, cancellationToken);

    public Task<IReadOnlyDictionary<UserId, int>> CountByUserAsync(IReadOnlyCollection<UserId> userIds, CancellationToken cancellationToken) =>
        store.RunAsync<IReadOnlyDictionary<UserId, int>>(StoreCalls.Passkeys, async token =>
        {
            var counts = await store.Passkeys.Aggregate()
                .Match(OfUsers(userIds))
                .Group(new BsonDocument { { "_id", "$user_id" }, { "count", new BsonDocument("$sum", 1) } })
                .ToListAsync(token);
            return counts.ToDictionary(c => UserId.Parse(c["_id"].AsString), c => c["count"].ToInt32());
        }, cancellationToken);

    public Task<Passkey?> FindAsync(UserId userId, PasskeyId id, CancellationToken cancellationToken) =>
        store.RunAsync(StoreCalls.Passkeys, async token =>
            (await store.Passkeys.Find(ById(userId, id)).Limit(1).FirstOrDefaultAsync(token))?.ToDomain(), cancellationToken);

    public Task<Passkey?> FindByCredentialAsync(CredentialId credentialId, CancellationToken cancellationToken) =>
        store.RunAsync(StoreCalls.Passkeys, async token =>
            (await store.Passkeys.Find(ByCredential(credentialId)).Limit(1).FirstOrDefaultAsync(token))?.ToDomain(), cancellationToken);

    public Task AddAsync(Passkey passkey, CancellationToken cancellationToken) =>
        store.RunAsync(StoreCalls.Passkeys, async token =>
        {
            try
            {
                await store.Passkeys.InsertOneAsync(PasskeyDocument.FromDomain(passkey), cancellationToken: token);
            }
            catch (MongoWriteException ex) when (ex.WriteError?.Category == ServerErrorCategory.DuplicateKey)
            {
                throw new DomainException(Errors.PasskeyInUse, field: "credential");
            }

            if (await store.Users.CountDocumentsAsync(MongoUserRepository.ById(passkey.UserId), new CountOptions { Limit = 1 }, token) == 0)
            {
                await store.Passkeys.DeleteOneAsync(ByCredential(passkey.CredentialId), token);
                throw new DomainException(Errors.UserNotFound);
            }

            passkey.Saved();
            return true;
        }, cancellationToken);

    public Task UpdateAsync(Passkey passkey, CancellationToken cancellationToken) =>
        store.RunAsync(StoreCalls.Passkeys, async token =>
        {
            var result = await store.Passkeys.UpdateOneAsync(AsRead(passkey), Changes(passkey), cancellationToken: token);
            if (result.MatchedCount != 1)
            {
                throw new ConcurrencyException("passkey", passkey.Id.Value);
            }

            passkey.Saved();
            return true;
        }, cancellationToken);

    public Task<bool> DeleteAsync(UserId userId, PasskeyId id, CancellationToken cancellationToken) =>
        store.RunAsync(StoreCalls.Passkeys, async token => (await store.Passkeys.DeleteOneAsync(ById(userId, id), token)).DeletedCount == 1, cancellationToken);

    internal static FilterDefinition<PasskeyDocument> OfUser(UserId userId) => Builders<PasskeyDocument>.Filter.Eq(d => d.UserId, userId.Value);

    internal static FilterDefinition<PasskeyDocument> OfUsers(IEnumerable<UserId> userIds) =>
        Builders<PasskeyDocument>.Filter.In(d => d.UserId, userIds.Select(u => u.Value));

    internal static FilterDefinition<PasskeyDocument> ById(UserId userId, PasskeyId id) =>
        OfUser(userId) & Builders<PasskeyDocument>.Filter.Eq(d => d.Id, id.Value);

    internal static FilterDefinition<PasskeyDocument> ByCredential(CredentialId credentialId) =>
        Builders<PasskeyDocument>.Filter.Eq(d => d.CredentialId, credentialId.Value);

    /// <summary>The passkey as it was read: a use or a rename from a stale read loses.</summary>
    internal static FilterDefinition<PasskeyDocument> AsRead(Passkey passkey) =>
        ByCredential(passkey.CredentialId) & Builders<PasskeyDocument>.Filter.Eq(d => d.Version, passkey.Version);

    internal static UpdateDefinition<PasskeyDocument> Changes(Passkey passkey) =>
        Builders<PasskeyDocument>.Update
            .Set(d => d.Name, passkey.Name.Value)
            .Set(d => d.SignCount, passkey.SignCount)
            .Set(d => d.BackedUp, passkey.BackedUp)
            .Set(d => d.LastUsed, passkey.LastUsed)
            .Inc(d => d.Version, 1L);
}
