using Ludmin.Domain.Common;
using Ludmin.Domain.PasswordResets;
using Ludmin.Domain.Users;
using MongoDB.Driver;

namespace Ludmin.Infrastructure.Storage.Mongo;

/// <summary>
/// Reset codes, one document per user (<c>_id</c> = user id). A failed attempt and the
/// consumption match on the code hash and the version read, so neither can act on a newer code;
/// the TTL index removes expired codes by itself.
/// </summary>
internal sealed class MongoPasswordResetRepository(MongoStore store) : IPasswordResetRepository
{
    public Task<PasswordReset?> FindAsync(UserId userId, CancellationToken cancellationToken) =>
        store.RunAsync(async token =>
        {
            var document = await store.Resets.Find(ByUser(userId)).Limit(1).FirstOrDefaultAsync(token);
            return document?.ToDomain();
        }, cancellationToken);

    public Task ReplaceAsync(PasswordReset reset, CancellationToken cancellationToken) =>
        store.RunAsync(async token =>
        {
            // An upsert on _id alone: the server itself retries the rare race of two first codes.
            await store.Resets.UpdateOneAsync(ByUser(reset.UserId), Issue(reset), new UpdateOptions { IsUpsert = true }, token);
            return true;
        }, cancellationToken);

    public Task UpdateAsync(PasswordReset reset, CancellationToken cancellationToken) =>
        store.RunAsync(async token =>
        {
            var result = await store.Resets.UpdateOneAsync(AsRead(reset), FailedAttempt(reset), cancellationToken: token);
            return result.MatchedCount == 1 ? true : throw new ConcurrencyException("reset code", reset.UserId.Value);
        }, cancellationToken);

    public Task<bool> TryConsumeAsync(PasswordReset reset, CancellationToken cancellationToken) =>
        store.RunAsync(async token =>
        {
            var result = await store.Resets.DeleteOneAsync(AsRead(reset), token);
            return result.DeletedCount == 1;
        }, cancellationToken);

    /// <summary>The TTL index does this on its own about once a minute; this is the same rule, on demand.</summary>
    public Task<int> DeleteExpiredAsync(DateTimeOffset now, CancellationToken cancellationToken) =>
        store.DeleteExpiredAsync(store.Resets, ExpiredBy(now), cancellationToken);

    internal static FilterDefinition<PasswordResetDocument> ByUser(UserId userId) =>
        Builders<PasswordResetDocument>.Filter.Eq(d => d.UserId, userId.Value);

    /// <summary>The code as it was read: the code hash too, since a version alone could match a newer code issued after a consumption.</summary>
    internal static FilterDefinition<PasswordResetDocument> AsRead(PasswordReset reset) =>
        Builders<PasswordResetDocument>.Filter.Eq(d => d.UserId, reset.UserId.Value)
        & Builders<PasswordResetDocument>.Filter.Eq(d => d.Version, reset.Version)
        & Builders<PasswordResetDocument>.Filter.Eq(d => d.CodeHash, reset.CodeHash);

    internal static FilterDefinition<PasswordResetDocument> ExpiredBy(DateTimeOffset now) =>
        Builders<PasswordResetDocument>.Filter.Lte(d => d.ExpiresAt, TimestampPrecision.Truncate(now));

    /// <summary>A new code: every field set afresh, attempts back to zero; the version moves on (1 for a first code).</summary>
    internal static UpdateDefinition<PasswordResetDocument> Issue(PasswordReset reset) =>
        Builders<PasswordResetDocument>.Update
            .Set(d => d.CodeHash, reset.CodeHash)
            .Set(d => d.CreatedAt, reset.CreatedAt)
            .Set(d => d.ExpiresAt, reset.ExpiresAt)
            .Set(d => d.FailedAttempts, 0)
            .Inc(d => d.Version, 1L);

    internal static UpdateDefinition<PasswordResetDocument> FailedAttempt(PasswordReset reset) =>
        Builders<PasswordResetDocument>.Update
            .Set(d => d.FailedAttempts, reset.FailedAttempts)
            .Inc(d => d.Version, 1L);
}
