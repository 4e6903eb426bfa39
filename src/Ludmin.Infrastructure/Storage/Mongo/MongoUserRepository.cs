using Ludmin.Domain.Common;
using Ludmin.Domain.Users;
using MongoDB.Bson;
using Ludmin.Infrastructure.Observability;
using MongoDB.Driver;
using MongoDB.Driver.Linq;

namespace Ludmin.Infrastructure.Storage.Mongo;

/// <summary>
/// Users as one document each, linked devices embedded. A save writes only what changed, with
/// single-document updates (each atomic): the profile fields where the stored version is still
/// the one read, so a lost race matches nothing and is reported, never overwritten; each device
/// change under its own guard (<see cref="DeviceChange"/>), without the version, so logins and
/// refreshes never conflict with profile edits. A password change removes the other devices in
/// the same update as the password. The unique index on every address of every history refuses
/// a taken address. The filters and updates are built by the static members below, which
/// docs/operations.md lists and the tests render without a server.
/// </summary>
internal sealed partial class MongoUserRepository(MongoStore store) : IUserRepository
{
    public Task<User?> FindByIdAsync(UserId id, CancellationToken cancellationToken) =>
        store.RunAsync(StoreCalls.Users, async token =>
        {
            var document = await store.Users.Find(ById(id)).Limit(1).FirstOrDefaultAsync(token);
            return document?.ToDomain();
        }, cancellationToken);

    public Task<User?> FindByEmailAsync(EmailAddress email, CancellationToken cancellationToken) =>
        store.RunAsync(StoreCalls.Users, async token =>
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
            StoreCalls.Users,
            async token => await store.SessionChecks.CountDocumentsAsync(WithSession(id, deviceId, sessionId), new CountOptions { Limit = 1, MaxTime = store.OperationTimeout }, token) == 1,
            cancellationToken);

    public Task<IReadOnlyList<User>> ListAsync(int skip, int take, CancellationToken cancellationToken) =>
        store.RunAsync<IReadOnlyList<User>>(StoreCalls.Users, async token =>
        {
            var documents = await store.Users.Find(All, ListOptions).Sort(CreationOrder).Skip(skip).Limit(take).ToListAsync(token);
            return [.. documents.Select(d => d.ToDomain())];
        }, cancellationToken);

    /// <summary>A seek on the creation index from the position, in the index's order (the hint keeps it there).</summary>
    public Task<IReadOnlyList<User>> ListAfterAsync(UserListPosition after, int take, CancellationToken cancellationToken) =>
        store.RunAsync<IReadOnlyList<User>>(StoreCalls.Users, async token =>
        {
            var documents = await store.Users.Find(After(after), ListOptions).Sort(CreationOrder).Limit(take).ToListAsync(token);
            return [.. documents.Select(d => d.ToDomain())];
        }, cancellationToken);

    /// <summary>
    /// The collection's own count (metadata, no scan): exact in normal operation. An unclean
    /// shutdown can leave it off until the server repairs it, which a page total can bear.
    /// </summary>
    public Task<long> CountAsync(CancellationToken cancellationToken) =>
        store.RunAsync(StoreCalls.Users, token => store.Users.EstimatedDocumentCountAsync(cancellationToken: token), cancellationToken);

    public Task<bool> AnyMasterAsync(CancellationToken cancellationToken) =>
        store.RunAsync(
            StoreCalls.Users,
            async token => await store.Users.CountDocumentsAsync(Masters, new CountOptions { Limit = 1, MaxTime = store.OperationTimeout }, token) == 1,
            cancellationToken);

    public Task AddAsync(User user, CancellationToken cancellationToken) =>
        store.RunAsync(StoreCalls.Users, async token =>
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

    /// <summary>
    /// Runs <see cref="WritesFor"/> in order. The handlers make one change per save (a link, with
    /// the eviction of the least recently used device when at the limit; a touch; a logout; a
    /// profile edit), each one update, so each save is atomic; a save holding several changes
    /// applies them one by one, and stops at the first lost race.
    /// </summary>
    /// <summary>
    /// A change of address or password removes the user's reset code. A standalone server has no
    /// multi-document transaction, so, as with a deletion (<see cref="MongoUserDeletion"/>), it is
    /// removed right before the user's update and again right after it (idempotent deletes): a
    /// code issued before the change is gone once the change is stored, and a crash between the
    /// two writes can leave at most a code issued in that instant, until its TTL.
    /// </summary>
    public Task UpdateAsync(User user, CancellationToken cancellationToken) =>
        store.RunAsync(StoreCalls.Users, async token =>
        {
            await VoidResetCodeAsync(user, token);
            foreach (var write in WritesFor(user))
            {
                UpdateResult result;
                try
                {
                    result = await store.Users.UpdateOneAsync(write.Filter, write.Update, write.Options, token);
                }
                catch (MongoWriteException ex) when (MongoErrors.IsDuplicateKey(ex, MongoIndexes.UsersByEmail))
                {
                    // The update was refused as a whole: the stored user is unchanged by it.
                    throw MongoErrors.EmailInUse();
                }

                if (write.MustMatch && result.MatchedCount != 1)
                {
                    throw new ConcurrencyException("user", user.Id.Value);
                }
            }

            await VoidResetCodeAsync(user, token);
            return true;
        }, cancellationToken);

    private Task VoidResetCodeAsync(User user, CancellationToken cancellationToken) =>
        user.CredentialsChanged
            ? store.Resets.DeleteOneAsync(MongoPasswordResetRepository.ByUser(user.Id), cancellationToken)
            : Task.CompletedTask;

    /// <summary>The user document's deletion is the commit point; see <see cref="MongoUserDeletion"/>.</summary>
    public Task<User?> DeleteAsync(UserId id, CancellationToken cancellationToken) =>
        store.RunAsync(StoreCalls.Users, token => MongoUserDeletion.RunAsync(store, id, token), cancellationToken);

    /// <summary>The updates that store what changed in <paramref name="user"/> since it was read, in order.</summary>
    internal static IReadOnlyList<MongoUserWrite> WritesFor(User user)
    {
        var writes = new List<MongoUserWrite>();
        var devices = new MongoDeviceChangeWrites(user);
        foreach (var change in user.DeviceChanges)
        {
            writes.Add(change.Accept(devices));
        }

        // A password change's device removal already wrote the profile, in the same update.
        var profileWritten = user.DeviceChanges.Any(c => c is DeviceChange.RemovedAllBut);

        // A save with nothing else to write still proves its version (a no-op save of a stale user is a conflict).
        if (!profileWritten && (user.ProfileChanged || user.DeviceChanges.Count == 0))
        {
            writes.Add(new MongoUserWrite(ByIdAndVersion(user.Id, user.Version), Profile(user, removeDevicesBut: null, removeDevices: false), null, MustMatch: true));
        }

        return writes;
    }

    /// <summary>The profile fields (the addresses only when they changed), moving the version on; devices untouched unless a password change removes them.</summary>
    internal static UpdateDefinition<UserDocument> Profile(User user, DeviceId? removeDevicesBut, bool removeDevices)
    {
        if (user.EmailsChanged)
        {
            // Emails merged over the stored ones, so a newer build's fields inside them stay.
            return AddressChangePipeline.For(user, removeDevicesBut, removeDevices);
        }

        var update = Builders<UserDocument>.Update;
        var parts = new List<UpdateDefinition<UserDocument>>
        {
            update.Set(d => d.FullName, user.FullName.Value),
            update.Set(d => d.PasswordHash, user.PasswordHash.Value),
            update.Set(d => d.PasswordHistory, [.. user.PasswordHistory.Select(h => h.Value)]),
            update.Set(d => d.IsMaster, user.IsMaster),
            update.Set(d => d.UpdatedAt, user.UpdatedAt),
            update.Inc(d => d.Version, 1L),
        };
        if (removeDevices)
        {
            parts.Add(removeDevicesBut is { } keep
                ? update.PullFilter(d => d.Devices, Builders<DeviceDocument>.Filter.Ne(v => v.DeviceId, keep.Value))
                : update.Set(d => d.Devices, Array.Empty<DeviceDocument>()));
        }

        return update.Combine(parts);
    }

    /// <summary>Only while the password and current address a login was checked against are still the user's.</summary>
    internal static FilterDefinition<UserDocument> StillHolds(LoginCredentials credentials) =>
        Builders<UserDocument>.Filter.Eq(d => d.PasswordHash, credentials.PasswordHash.Value)
        & Builders<UserDocument>.Filter.ElemMatch(
            d => d.Emails,
            MongoEmailKeys.Match<EmailDocument>(new ExpressionFieldDefinition<EmailDocument, string>(e => e.Normalized), credentials.CurrentEmail) & Builders<EmailDocument>.Filter.Eq(e => e.IsCurrent, true));

    internal static UpdateDefinition<UserDocument> Link(LinkedDevice device) =>
        Builders<UserDocument>.Update.Push(d => d.Devices, DeviceDocument.FromDomain(device));

    internal static FilterDefinition<UserDocument> WithoutDevice(DeviceId deviceId) =>
        Builders<UserDocument>.Filter.Ne("devices.device_id", deviceId.Value);

    /// <summary>Fewer than <see cref="User.DeviceLimit"/> devices: the array has no element at the last allowed index.</summary>
    internal static FilterDefinition<UserDocument> WithRoomForADevice =>
        Builders<UserDocument>.Filter.Exists($"devices.{User.DeviceLimit - 1}", exists: false);

    /// <summary>Which element <c>$[d]</c> names: the device, while it still has this session.</summary>
    internal static BsonDocument DeviceElement(DeviceId deviceId, SessionId sessionId) => new()
    {
        { $"{MongoUserWrite.DeviceIdentifier}.device_id", deviceId.Value },
        { $"{MongoUserWrite.DeviceIdentifier}.session_id", sessionId.Value },
    };

    internal static UpdateDefinition<UserDocument> Relink(LinkedDevice device) =>
        Builders<UserDocument>.Update
            .Set(d => d.Devices.AllMatchingElements(MongoUserWrite.DeviceIdentifier).Description, device.Description.Value)
            .Set(d => d.Devices.AllMatchingElements(MongoUserWrite.DeviceIdentifier).SessionId, device.SessionId.Value)
            .Set(d => d.Devices.AllMatchingElements(MongoUserWrite.DeviceIdentifier).LastUsed, device.LastUsed)
            .Set(d => d.Devices.AllMatchingElements(MongoUserWrite.DeviceIdentifier).Generation, device.Generation)
            .Unset(d => d.Devices.AllMatchingElements(MongoUserWrite.DeviceIdentifier).RotatedAt)
            .Unset(d => d.Devices.AllMatchingElements(MongoUserWrite.DeviceIdentifier).GraceGeneration);

    /// <summary><c>$max</c>: a late touch never moves <c>last_used</c> back.</summary>
    internal static UpdateDefinition<UserDocument> Touch(DateTimeOffset lastUsed) =>
        Builders<UserDocument>.Update.Max(d => d.Devices.AllMatchingElements(MongoUserWrite.DeviceIdentifier).LastUsed, lastUsed);

    /// <summary>The next generation, when it began, and <c>last_used</c> (never moved back).</summary>
    internal static UpdateDefinition<UserDocument> Rotate(LinkedDevice device, DateTimeOffset rotatedAt) =>
        Builders<UserDocument>.Update
            .Set(d => d.Devices.AllMatchingElements(MongoUserWrite.DeviceIdentifier).Generation, device.Generation)
            .Set(d => d.Devices.AllMatchingElements(MongoUserWrite.DeviceIdentifier).RotatedAt, rotatedAt)
            .Max(d => d.Devices.AllMatchingElements(MongoUserWrite.DeviceIdentifier).LastUsed, device.LastUsed);

    /// <summary>The generation at which a replaced token used the grace, and <c>last_used</c> (never moved back).</summary>
    internal static UpdateDefinition<UserDocument> UseGrace(LinkedDevice device) =>
        Builders<UserDocument>.Update
            .Set(d => d.Devices.AllMatchingElements(MongoUserWrite.DeviceIdentifier).GraceGeneration, device.GraceGeneration)
            .Max(d => d.Devices.AllMatchingElements(MongoUserWrite.DeviceIdentifier).LastUsed, device.LastUsed);

    /// <summary>
    /// One linked device has this id and session at this generation. A device stored before
    /// rotation has no generation field, which counts as the first: <c>$exists: false</c> matches it.
    /// </summary>
    internal static FilterDefinition<UserDocument> DeviceAtGeneration(DeviceId deviceId, SessionId sessionId, long generation)
    {
        var device = Builders<DeviceDocument>.Filter;
        var atGeneration = device.Eq(v => v.Generation, generation);
        if (generation == LinkedDevice.FirstGeneration)
        {
            atGeneration |= device.Exists(v => v.Generation, exists: false);
        }

        return Builders<UserDocument>.Filter.ElemMatch(
            d => d.Devices,
            device.Eq(v => v.DeviceId, deviceId.Value) & device.Eq(v => v.SessionId, sessionId.Value) & atGeneration);
    }

    internal static UpdateDefinition<UserDocument> RevokeSession(DeviceId deviceId, SessionId sessionId) =>
        Builders<UserDocument>.Update.PullFilter(
            d => d.Devices,
            Builders<DeviceDocument>.Filter.Eq(v => v.DeviceId, deviceId.Value) & Builders<DeviceDocument>.Filter.Eq(v => v.SessionId, sessionId.Value));

    internal static UpdateDefinition<UserDocument> RemoveDevice(DeviceId deviceId) =>
        Builders<UserDocument>.Update.PullFilter(d => d.Devices, Builders<DeviceDocument>.Filter.Eq(v => v.DeviceId, deviceId.Value));

    internal static FilterDefinition<UserDocument> All => Builders<UserDocument>.Filter.Empty;

    /// <summary>Unindexed: asked once per start, and it stops at the first master (the count's limit is 1).</summary>
    internal static FilterDefinition<UserDocument> Masters => Builders<UserDocument>.Filter.Eq(d => d.IsMaster, true);

    internal static FilterDefinition<UserDocument> ById(UserId id) => Builders<UserDocument>.Filter.Eq(d => d.Id, id.Value);

    /// <summary>The user, only if one linked device has both this id and this session.</summary>
    internal static FilterDefinition<UserDocument> WithSession(UserId id, DeviceId deviceId, SessionId sessionId) =>
        ById(id) & DeviceHasSession(deviceId, sessionId);

    /// <summary>One linked device has both this id and this session.</summary>
    internal static FilterDefinition<UserDocument> DeviceHasSession(DeviceId deviceId, SessionId sessionId) =>
        Builders<UserDocument>.Filter.ElemMatch(
            d => d.Devices,
            Builders<DeviceDocument>.Filter.Eq(v => v.DeviceId, deviceId.Value) & Builders<DeviceDocument>.Filter.Eq(v => v.SessionId, sessionId.Value));

    /// <summary>Matches the current address and every past one: the multikey index holds them all (by either key, <see cref="MongoEmailKeys"/>).</summary>
    internal static FilterDefinition<UserDocument> ByEmail(EmailAddress email) =>
        MongoEmailKeys.Match<UserDocument>(UserDocument.NormalizedEmailsPath, email);

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
