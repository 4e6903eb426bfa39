using Ludmin.Domain.PasswordResets;
using Ludmin.Domain.Users;
using Ludmin.Infrastructure.Storage.Copying;
using MongoDB.Driver;

namespace Ludmin.Infrastructure.Storage.Mongo;

/// <summary>
/// MongoDB as the target of copy-store: one unordered bulk of upserts per page. Each upsert
/// matches the id only where the stored state is not newer; where it is, the upsert's insert
/// collides with the existing <c>_id</c>, and that refusal is exactly "kept the newer one".
/// </summary>
internal sealed class MongoStoreCopyTarget(MongoStore store) : IStoreCopyTarget
{
    private const string IdIndex = "_id_";

    private static readonly BulkWriteOptions Unordered = new() { IsOrdered = false };

    public Task PrepareAsync(CancellationToken cancellationToken) => store.EnsureIndexesAsync(cancellationToken);

    public async Task<int> UpsertUsersAsync(IReadOnlyList<User> users, CancellationToken cancellationToken)
    {
        var writes = users.Select(u => new ReplaceOneModel<UserDocument>(UserNotNewerThan(u), UserDocument.FromDomain(u, u.Version)) { IsUpsert = true });
        try
        {
            await store.Users.BulkWriteAsync(writes, Unordered, cancellationToken);
            return 0;
        }
        catch (MongoBulkWriteException<UserDocument> ex) when (ex.WriteConcernError is null)
        {
            return KeptNewer(ex.WriteErrors, index =>
                MongoErrors.IsDuplicateKey(ex.WriteErrors[index], MongoIndexes.UsersByEmail)
                    ? new InvalidOperationException($"User {users[ex.WriteErrors[index].Index].Id} was not copied: one of its addresses belongs to another user in MongoDB.")
                    : null);
        }
    }

    public async Task<int> UpsertResetsAsync(IReadOnlyList<PasswordReset> resets, CancellationToken cancellationToken)
    {
        var writes = resets.Select(r => new ReplaceOneModel<PasswordResetDocument>(ResetNotNewerThan(r), PasswordResetDocument.FromDomain(r)) { IsUpsert = true });
        try
        {
            await store.Resets.BulkWriteAsync(writes, Unordered, cancellationToken);
            return 0;
        }
        catch (MongoBulkWriteException<PasswordResetDocument> ex) when (ex.WriteConcernError is null)
        {
            return KeptNewer(ex.WriteErrors, _ => null);
        }
    }

    /// <summary>Exact counts (a scan is fine for a one-off check; the API's own count reads the metadata).</summary>
    public Task<long> CountUsersAsync(CancellationToken cancellationToken) =>
        store.Users.CountDocumentsAsync(Builders<UserDocument>.Filter.Empty, cancellationToken: cancellationToken);

    public Task<long> CountResetsExpiringAfterAsync(DateTimeOffset moment, CancellationToken cancellationToken) =>
        store.Resets.CountDocumentsAsync(Builders<PasswordResetDocument>.Filter.Gt(d => d.ExpiresAt, moment), cancellationToken: cancellationToken);

    /// <summary>The stored user, where it is not at a higher version than the copy.</summary>
    internal static FilterDefinition<UserDocument> UserNotNewerThan(User user) =>
        Builders<UserDocument>.Filter.Eq(d => d.Id, user.Id.Value) & Builders<UserDocument>.Filter.Lte(d => d.Version, user.Version);

    /// <summary>The stored code of the user, where it was not issued after the copy's code.</summary>
    internal static FilterDefinition<PasswordResetDocument> ResetNotNewerThan(PasswordReset reset) =>
        Builders<PasswordResetDocument>.Filter.Eq(d => d.UserId, reset.UserId.Value) & Builders<PasswordResetDocument>.Filter.Lte(d => d.CreatedAt, reset.CreatedAt);

    /// <summary>Counts the refusals that mean "the target is newer"; any other refusal ends the copy.</summary>
    private static int KeptNewer(IReadOnlyList<BulkWriteError> errors, Func<int, Exception?> explain)
    {
        var kept = 0;
        for (var i = 0; i < errors.Count; i++)
        {
            if (MongoErrors.IsDuplicateKey(errors[i], IdIndex))
            {
                kept++;
                continue;
            }

            throw explain(i) ?? new InvalidOperationException($"MongoDB refused a copied document: {errors[i].Category} (code {errors[i].Code}).");
        }

        return kept;
    }
}
