using Ludmin.Domain.Common;
using Ludmin.Domain.Users;
using MongoDB.Driver;

namespace Ludmin.Infrastructure.Storage.Mongo;

/// <summary>
/// Users as one document each. A save rewrites every known element of the document (keeping
/// any a newer build added: <see cref="UserDocumentUpdate"/>) only where the stored version is
/// still the one read, so a lost race matches nothing and is reported, never
/// overwritten; the unique index on every address of every history refuses a taken address.
/// The filters are built by the static members below, which docs/operations.md lists and the
/// tests render without a server.
/// </summary>
internal sealed class MongoUserRepository(MongoStore store) : IUserRepository
{
    public Task<User?> FindByIdAsync(UserId id, CancellationToken cancellationToken) =>
        store.RunAsync(async token =>
        {
            var document = await store.Users.Find(ById(id)).Limit(1).FirstOrDefaultAsync(token);
            return document?.ToDomain();
        }, cancellationToken);

    public Task<User?> FindByEmailAsync(EmailAddress email, CancellationToken cancellationToken) =>
        store.RunAsync(async token =>
        {
            var document = await store.Users.Find(ByEmail(email)).Limit(1).FirstOrDefaultAsync(token);
            return document?.ToDomain();
        }, cancellationToken);

    /// <summary>
    /// A count of at most one on the <c>_id</c> index: no document travels back. Read linearizable
    /// (unless turned off) so a deposed primary cannot confirm an ended session; the server-side
    /// bound matters because such a read waits for a majority.
    /// </summary>
    public Task<bool> HasSessionAsync(UserId id, DeviceId deviceId, SessionId sessionId, CancellationToken cancellationToken) =>
        store.RunAsync(
            async token => await store.SessionChecks.CountDocumentsAsync(WithSession(id, deviceId, sessionId), new CountOptions { Limit = 1, MaxTime = store.OperationTimeout }, token) == 1,
            cancellationToken);

    public Task<IReadOnlyList<User>> ListAsync(int skip, int take, CancellationToken cancellationToken) =>
        store.RunAsync<IReadOnlyList<User>>(async token =>
        {
            var documents = await store.Users.Find(All, ListOptions).Sort(CreationOrder).Skip(skip).Limit(take).ToListAsync(token);
            return [.. documents.Select(d => d.ToDomain())];
        }, cancellationToken);

    /// <summary>A seek on the creation index from the position, in the index's order (the hint keeps it there).</summary>
    public Task<IReadOnlyList<User>> ListAfterAsync(UserListPosition after, int take, CancellationToken cancellationToken) =>
        store.RunAsync<IReadOnlyList<User>>(async token =>
        {
            var documents = await store.Users.Find(After(after), ListOptions).Sort(CreationOrder).Limit(take).ToListAsync(token);
            return [.. documents.Select(d => d.ToDomain())];
        }, cancellationToken);

    /// <summary>
    /// The collection's own count (metadata, no scan): exact in normal operation. An unclean
    /// shutdown can leave it off until the server repairs it, which a page total can bear.
    /// </summary>
    public Task<long> CountAsync(CancellationToken cancellationToken) =>
        store.RunAsync(token => store.Users.EstimatedDocumentCountAsync(cancellationToken: token), cancellationToken);

    public Task AddAsync(User user, CancellationToken cancellationToken) =>
        store.RunAsync(async token =>
        {
            try
            {
                await store.Users.InsertOneAsync(UserDocument.FromDomain(user, user.Version), cancellationToken: token);
            }
            catch (MongoWriteException ex) when (MongoErrors.IsDuplicateKey(ex, MongoIndexes.UsersByEmail))
            {
                throw MongoErrors.EmailInUse();
            }

            return true;
        }, cancellationToken);

    public Task UpdateAsync(User user, CancellationToken cancellationToken) =>
        store.RunAsync(async token =>
        {
            UpdateResult result;
            try
            {
                result = await store.Users.UpdateOneAsync(ByIdAndVersion(user.Id, user.Version), UserDocumentUpdate.Preserving(UserDocument.FromDomain(user, user.Version + 1)), cancellationToken: token);
            }
            catch (MongoWriteException ex) when (MongoErrors.IsDuplicateKey(ex, MongoIndexes.UsersByEmail))
            {
                // The replacement was refused as a whole: the stored user is unchanged.
                throw MongoErrors.EmailInUse();
            }

            return result.MatchedCount == 1 ? true : throw new ConcurrencyException("user", user.Id.Value);
        }, cancellationToken);

    internal static FilterDefinition<UserDocument> All => Builders<UserDocument>.Filter.Empty;

    internal static FilterDefinition<UserDocument> ById(UserId id) => Builders<UserDocument>.Filter.Eq(d => d.Id, id.Value);

    /// <summary>The user, only if one linked device has both this id and this session.</summary>
    internal static FilterDefinition<UserDocument> WithSession(UserId id, DeviceId deviceId, SessionId sessionId) =>
        Builders<UserDocument>.Filter.Eq(d => d.Id, id.Value)
        & Builders<UserDocument>.Filter.ElemMatch(
            d => d.Devices,
            Builders<DeviceDocument>.Filter.Eq(v => v.DeviceId, deviceId.Value) & Builders<DeviceDocument>.Filter.Eq(v => v.SessionId, sessionId.Value));

    /// <summary>Matches the current address and every past one: the multikey index holds them all.</summary>
    internal static FilterDefinition<UserDocument> ByEmail(EmailAddress email) =>
        Builders<UserDocument>.Filter.Eq(UserDocument.NormalizedEmailsPath, email.Normalized);

    internal static FilterDefinition<UserDocument> ByIdAndVersion(UserId id, long version) =>
        Builders<UserDocument>.Filter.Eq(d => d.Id, id.Value) & Builders<UserDocument>.Filter.Eq(d => d.Version, version);

    /// <summary>
    /// Strictly after the position in (created_at, _id) order. Both branches are ranges of the
    /// <c>created_at_id</c> index, so the scan starts at the position instead of walking to it.
    /// </summary>
    internal static FilterDefinition<UserDocument> After(UserListPosition position) =>
        Builders<UserDocument>.Filter.Or(
            Builders<UserDocument>.Filter.Gt(d => d.CreatedAt, position.CreatedAt),
            Builders<UserDocument>.Filter.Eq(d => d.CreatedAt, position.CreatedAt) & Builders<UserDocument>.Filter.Gt(d => d.Id, position.Id.Value));

    internal static SortDefinition<UserDocument> CreationOrder => Builders<UserDocument>.Sort.Ascending(d => d.CreatedAt).Ascending(d => d.Id);

    /// <summary>The hint pins the list to its index: it can never fall back to a scan and an in-memory sort.</summary>
    internal static FindOptions ListOptions => new() { Hint = MongoIndexes.UsersByCreation };
}
