using Ludmin.Domain.Common;
using Ludmin.Domain.PasswordResets;
using Ludmin.Domain.Users;
using Ludmin.Infrastructure.Observability;
using MongoDB.Bson;
using MongoDB.Driver;

namespace Ludmin.Infrastructure.Storage.Mongo;

/// <summary>
/// Reset codes, one document per user (<c>_id</c> = user id). A failed attempt and the
/// consumption match on the code hash and the version read, so neither can act on a newer code;
/// the TTL index removes expired codes by itself.
/// </summary>
internal sealed class MongoPasswordResetRepository(MongoStore store) : IPasswordResetRepository
{
    /// <summary>How long putting a code back may take, whatever is left of the request's own time.</summary>
    private static readonly TimeSpan RestoreDeadline = TimeSpan.FromSeconds(5);

    public Task<PasswordReset?> FindAsync(UserId userId, CancellationToken cancellationToken) =>
        store.RunAsync(StoreCalls.PasswordResets, async token =>
        {
            var document = await store.Resets.Find(ByUser(userId)).Limit(1).FirstOrDefaultAsync(token);
            return document?.ToDomain();
        }, cancellationToken);

    public Task ReplaceAsync(PasswordReset reset, CancellationToken cancellationToken) =>
        store.RunAsync(StoreCalls.PasswordResets, async token =>
        {
            // An upsert on _id alone: the server itself retries the rare race of two first codes.
            await store.Resets.UpdateOneAsync(ByUser(reset.UserId), Issue(reset), new UpdateOptions { IsUpsert = true }, token);
            return true;
        }, cancellationToken);

    public Task UpdateAsync(PasswordReset reset, CancellationToken cancellationToken) =>
        store.RunAsync(StoreCalls.PasswordResets, async token =>
        {
            var result = await store.Resets.UpdateOneAsync(AsRead(reset), FailedAttempt(reset), cancellationToken: token);
            return result.MatchedCount == 1 ? true : throw new ConcurrencyException("reset code", reset.UserId.Value);
        }, cancellationToken);

    public Task<bool> TryConsumeAsync(PasswordReset reset, CancellationToken cancellationToken) =>
        store.RunAsync(StoreCalls.PasswordResets, async token =>
        {
            var result = await store.Resets.DeleteOneAsync(AsRead(reset), token);
            return result.DeletedCount == 1;
        }, cancellationToken);

    /// <summary>
    /// No transaction (a standalone server has none): the code is consumed, then the user saved;
    /// if the save fails, the code is put back as it was read, within a short deadline of its own,
    /// unless a newer code was issued meanwhile. Only a failure of that restore too (noted in the
    /// log) costs the owner the code.
    /// </summary>
    public async Task<bool> TryCompleteAsync(PasswordReset reset, User user, CancellationToken cancellationToken)
    {
        if (!await TryConsumeAsync(reset, cancellationToken))
        {
            return false;
        }

        try
        {
            await new MongoUserRepository(store).UpdateAsync(user, cancellationToken);
            return true;
        }
        catch (Exception ex) when (ex is not OutOfMemoryException)
        {
            await RestoreDetachedAsync(reset);
            throw;
        }
    }

    public Task<int> CountRefusalsAsync(string clientAddress, DateTimeOffset now, CancellationToken cancellationToken) =>
        store.RunAsync(StoreCalls.PasswordResets, async token =>
        {
            var document = await store.Refusals.Find(OpenWindowOf(clientAddress, now)).Limit(1).FirstOrDefaultAsync(token);
            return document?.Refusals ?? 0;
        }, cancellationToken);

    /// <summary>
    /// Two atomic updates (one per collection; a standalone server has no transaction across
    /// them): the address's count, then the code's wrong try. Neither depends on the other.
    /// </summary>
    public Task RecordRefusalAsync(string clientAddress, PasswordReset? guessed, DateTimeOffset now, TimeSpan window, CancellationToken cancellationToken) =>
        store.RunAsync(StoreCalls.PasswordResets, async token =>
        {
            var refusal = CountRefusal(now, window);
            try
            {
                await store.Refusals.UpdateOneAsync(ByClient(clientAddress), refusal, Upsert, token);
            }
            catch (MongoWriteException ex) when (ex.WriteError?.Category == ServerErrorCategory.DuplicateKey)
            {
                // Two first refusals upserted at once and the other inserted first: update that one.
                await store.Refusals.UpdateOneAsync(ByClient(clientAddress), refusal, Upsert, token);
            }

            if (guessed is not null)
            {
                await store.Resets.UpdateOneAsync(ByCode(guessed), WrongTry, cancellationToken: token);
            }

            return true;
        }, cancellationToken);

    /// <summary>Puts a consumed code back as it was read; a newer code issued meanwhile (a duplicate <c>_id</c>) stands.</summary>
    private async Task RestoreDetachedAsync(PasswordReset reset)
    {
        using var deadline = new CancellationTokenSource(RestoreDeadline);
        try
        {
            await store.Resets.InsertOneAsync(PasswordResetDocument.FromDomain(reset), cancellationToken: deadline.Token);
        }
        catch (MongoWriteException ex) when (ex.WriteError?.Category == ServerErrorCategory.DuplicateKey)
        {
            // A new code was requested since: that one is the owner's now.
        }
        catch (Exception ex) when (ex is not OutOfMemoryException)
        {
            // The failure of the save is the one to answer; this one is only noted.
            store.NoteDetachedFailure("a reset code could not be restored after its completion failed", ex);
        }
    }

    /// <summary>The TTL indexes do this on their own about once a minute; this is the same rule, on demand.</summary>
    public async Task<int> DeleteExpiredAsync(DateTimeOffset now, CancellationToken cancellationToken) =>
        await store.DeleteExpiredAsync(StoreCalls.PasswordResets, store.Resets, ExpiredBy(now), cancellationToken)
        + await store.DeleteExpiredAsync(StoreCalls.PasswordResets, store.Refusals, Builders<ResetRefusalDocument>.Filter.Lte(d => d.ExpiresAt, TimestampPrecision.Truncate(now)), cancellationToken);

    private static readonly UpdateOptions Upsert = new() { IsUpsert = true };

    internal static FilterDefinition<ResetRefusalDocument> ByClient(string clientAddress) =>
        Builders<ResetRefusalDocument>.Filter.Eq(d => d.Client, clientAddress);

    internal static FilterDefinition<ResetRefusalDocument> OpenWindowOf(string clientAddress, DateTimeOffset now) =>
        ByClient(clientAddress) & Builders<ResetRefusalDocument>.Filter.Gt(d => d.ExpiresAt, TimestampPrecision.Truncate(now));

    /// <summary>One more refusal in an open window; a window that is over (or none) starts afresh at one.</summary>
    internal static UpdateDefinition<ResetRefusalDocument> CountRefusal(DateTimeOffset now, TimeSpan window)
    {
        now = TimestampPrecision.Truncate(now);
        var open = new BsonDocument("$gt", new BsonArray { new BsonDocument("$ifNull", new BsonArray { "$expires_at", new BsonDateTime(DateTimeOffset.MinValue.UtcDateTime) }), new BsonDateTime(now.UtcDateTime) });
        var set = new BsonDocument
        {
            { "refusals", new BsonDocument("$cond", new BsonArray { open, new BsonDocument("$add", new BsonArray { "$refusals", 1 }), 1 }) },
            { "expires_at", new BsonDocument("$cond", new BsonArray { open, "$expires_at", new BsonDateTime((now + window).UtcDateTime) }) },
        };
        return Builders<ResetRefusalDocument>.Update.Pipeline(new BsonDocument[] { new("$set", set) });
    }

    /// <summary>The guessed code while it is still the stored one, whatever its version: racing tries are all counted.</summary>
    internal static FilterDefinition<PasswordResetDocument> ByCode(PasswordReset reset) =>
        Builders<PasswordResetDocument>.Filter.Eq(d => d.UserId, reset.UserId.Value)
        & Builders<PasswordResetDocument>.Filter.Eq(d => d.CodeHash, reset.CodeHash);

    internal static readonly UpdateDefinition<PasswordResetDocument> WrongTry =
        Builders<PasswordResetDocument>.Update.Inc(d => d.FailedAttempts, 1).Inc(d => d.Version, 1L);

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
            .Set(d => d.SealedCode, reset.SealedCode)
            .Set(d => d.CreatedAt, reset.CreatedAt)
            .Set(d => d.ExpiresAt, reset.ExpiresAt)
            .Set(d => d.FailedAttempts, 0)
            .Inc(d => d.Version, 1L);

    internal static UpdateDefinition<PasswordResetDocument> FailedAttempt(PasswordReset reset) =>
        Builders<PasswordResetDocument>.Update
            .Set(d => d.FailedAttempts, reset.FailedAttempts)
            .Inc(d => d.Version, 1L);
}
