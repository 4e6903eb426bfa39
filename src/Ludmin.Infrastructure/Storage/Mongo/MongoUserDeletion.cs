using Ludmin.Domain.Common;
using Ludmin.Domain.Users;
using MongoDB.Bson;
using MongoDB.Driver;

namespace Ludmin.Infrastructure.Storage.Mongo;

/// <summary>
/// Closing an account without a multi-document transaction (a standalone server has none). The
/// user document holds the addresses, password history and devices, so deleting it is one
/// atomic write and the commit point: before it the account is whole, after it every session
/// check, login and address lookup misses. The reset code and the login throttles live in
/// other collections; they are removed right before the commit point and again right after it
/// (idempotent deletes), so what a crash between two writes can leave is at most a code keyed
/// to an id no user has any more, or the failures counted in the instant between the two, and
/// both expire by their TTL indexes.
/// <para>
/// The last master: a master is first marked (<see cref="DeletingElement"/>, with a token of
/// this deletion), then the other masters not marked are counted, and the user is deleted only
/// if that count is not zero and the mark is still this deletion's. Two masters deleting each
/// other each mark before they count, so the later count sees the earlier mark and refuses:
/// at most one of them goes. A refusal that saw only marked masters is a lost race
/// (<see cref="ConcurrencyException"/>, retried by the handler), not "the last master". A mark
/// left by a deletion that crashed only makes the guard stricter; deleting that user again
/// replaces it.
/// docs/operations.md tells the whole story.
/// </para>
/// </summary>
internal static class MongoUserDeletion
{
    /// <summary>The mark of a master being deleted; unknown to <see cref="UserDocument"/>, so reads skip it.</summary>
    public const string DeletingElement = "deleting";

    /// <summary>The deadline of the work done after the request's own may be over (unmarking, the cleanup after the commit point).</summary>
    private static readonly TimeSpan DetachedDeadline = TimeSpan.FromSeconds(5);

    public static async Task<User?> RunAsync(MongoStore store, UserId id, CancellationToken cancellationToken)
    {
        // Not a master (as stored now): one delete conditioned on that.
        var read = await store.Users.Find(MongoUserRepository.ById(id)).Limit(1).FirstOrDefaultAsync(cancellationToken);
        if (read is null)
        {
            return null;
        }

        if (!read.IsMaster)
        {
            await CleanUpAsync(store, read, cancellationToken);
            var deleted = await store.Users.FindOneAndDeleteAsync(NotAMaster(id), cancellationToken: cancellationToken);
            if (deleted is not null)
            {
                await CleanUpDetachedAsync(store, deleted);
                return deleted.ToDomain();
            }

            // Deleted meanwhile, or made a master meanwhile: the master path decides.
        }

        return await DeleteMasterAsync(store, id, cancellationToken);
    }

    private static async Task<User?> DeleteMasterAsync(MongoStore store, UserId id, CancellationToken cancellationToken)
    {
        var token = ObjectId.GenerateNewId().ToString();
        var marked = await store.Users.UpdateOneAsync(MasterToMark(id), Mark(token), cancellationToken: cancellationToken);
        if (marked.MatchedCount == 0)
        {
            // Gone, or (no demotion exists, so this is a race lost to a deletion) not a master any more.
            var now = await store.Users.Find(MongoUserRepository.ById(id)).Limit(1).FirstOrDefaultAsync(cancellationToken);
            return now is null ? null : throw new ConcurrencyException("user", id.Value);
        }

        UserDocument? deleted = null;
        try
        {
            deleted = await DeleteMarkedAsync(store, id, token, cancellationToken);
        }
        finally
        {
            // A deletion that stopped before its commit point (client gone, deadline, outage, a
            // refusal) takes its mark away, or other masters' deletions would answer 409 until
            // someone removed it by hand. Not on the request's token: that one may be cancelled.
            if (deleted is null)
            {
                await UnmarkAsync(store, id, token);
            }
        }

        await CleanUpDetachedAsync(store, deleted);
        return deleted.ToDomain();
    }

    /// <summary>Counts the other masters and deletes the marked one; the deleted document, or a refusal.</summary>
    private static async Task<UserDocument> DeleteMarkedAsync(MongoStore store, UserId id, string token, CancellationToken cancellationToken)
    {
        var others = await store.Users.CountDocumentsAsync(OtherMasters(id, includeMarked: false), new CountOptions { Limit = 1 }, cancellationToken);
        if (others == 0)
        {
            // The mark goes in the caller's finally. Other masters that are being deleted too: a race, which a retry settles (one goes,
            // the next finds itself last); none at all: this is the last master.
            var beingDeleted = await store.Users.CountDocumentsAsync(OtherMasters(id, includeMarked: true), new CountOptions { Limit = 1 }, cancellationToken);
            throw beingDeleted == 0 ? new DomainException(Errors.LastMaster) : new ConcurrencyException("user", id.Value);
        }

        var read = await store.Users.Find(MarkedBy(id, token)).Limit(1).FirstOrDefaultAsync(cancellationToken);
        if (read is not null)
        {
            await CleanUpAsync(store, read, cancellationToken);
        }

        var deleted = await store.Users.FindOneAndDeleteAsync(MarkedBy(id, token), cancellationToken: cancellationToken);
        // Null: another deletion of this user marked it since, and that one decides.
        return deleted ?? throw new ConcurrencyException("user", id.Value);
    }

    /// <summary>Removes this deletion's mark within a short deadline of its own; a mark left by a failure here only makes the guard stricter.</summary>
    private static async Task UnmarkAsync(MongoStore store, UserId id, string token)
    {
        using var deadline = new CancellationTokenSource(DetachedDeadline);
        try
        {
            await store.Users.UpdateOneAsync(MarkedBy(id, token), Unmark, cancellationToken: deadline.Token);
        }
        catch (Exception ex) when (ex is not OutOfMemoryException)
        {
            // The failure that brought us here is the one to answer; this one is only noted.
            store.NoteDetachedFailure("the deleting mark of a master could not be removed", ex);
        }
    }

    /// <summary>
    /// The cleanup after the commit point: the user is gone whatever happens here, so the request's
    /// token does not cut it short and its failure does not turn the deletion into an error (what
    /// it leaves expires by its TTL index).
    /// </summary>
    private static async Task CleanUpDetachedAsync(MongoStore store, UserDocument deleted)
    {
        using var deadline = new CancellationTokenSource(DetachedDeadline);
        try
        {
            await CleanUpAsync(store, deleted, deadline.Token);

            // Only after the commit point: a deletion that stops before it leaves the account whole,
            // passkeys too. A passkey left by a crash here names a user who is gone, and signs nobody in.
            var userId = UserId.Parse(deleted.Id);
            await store.Passkeys.DeleteManyAsync(MongoPasskeyRepository.OfUser(userId), deadline.Token);
            await store.PasskeyChallenges.DeleteManyAsync(MongoPasskeyChallengeRepository.OfUser(userId), deadline.Token);
        }
        catch (Exception ex) when (ex is not OutOfMemoryException)
        {
            store.NoteDetachedFailure("the reset code and login throttles of a deleted user could not be removed", ex);
        }
    }

    /// <summary>The user's reset code and the throttles of the addresses it holds; deleting what is not there does nothing.</summary>
    private static async Task CleanUpAsync(MongoStore store, UserDocument user, CancellationToken cancellationToken)
    {
        await store.Resets.DeleteOneAsync(MongoPasswordResetRepository.ByUser(UserId.Parse(user.Id)), cancellationToken);
        await store.Throttles.DeleteManyAsync(ThrottlesOf(user), cancellationToken);
        await store.SecondFactors.DeleteOneAsync(MongoSecondFactorRepository.ByUser(UserId.Parse(user.Id)), cancellationToken);
        await store.SecondFactorChallenges.DeleteManyAsync(Builders<SecondFactorChallengeDocument>.Filter.Eq(d => d.UserId, user.Id), cancellationToken);
    }

    internal static FilterDefinition<UserDocument> NotAMaster(UserId id) =>
        MongoUserRepository.ById(id) & Builders<UserDocument>.Filter.Eq(d => d.IsMaster, false);

    internal static FilterDefinition<UserDocument> MasterToMark(UserId id) =>
        MongoUserRepository.ById(id) & Builders<UserDocument>.Filter.Eq(d => d.IsMaster, true);

    internal static UpdateDefinition<UserDocument> Mark(string token) =>
        Builders<UserDocument>.Update.Set(DeletingElement, token);

    internal static UpdateDefinition<UserDocument> Unmark => Builders<UserDocument>.Update.Unset(DeletingElement);

    internal static FilterDefinition<UserDocument> MarkedBy(UserId id, string token) =>
        MongoUserRepository.ById(id) & Builders<UserDocument>.Filter.Eq(DeletingElement, token);

    /// <summary>Masters other than the one being deleted; without the marked ones, those that will still be there.</summary>
    internal static FilterDefinition<UserDocument> OtherMasters(UserId id, bool includeMarked)
    {
        var others = Builders<UserDocument>.Filter.Eq(d => d.IsMaster, true) & Builders<UserDocument>.Filter.Ne(d => d.Id, id.Value);
        return includeMarked ? others : others & Builders<UserDocument>.Filter.Exists(DeletingElement, exists: false);
    }

    internal static FilterDefinition<LoginThrottleDocument> ThrottlesOf(UserDocument user) =>
        Builders<LoginThrottleDocument>.Filter.In(d => d.Key, [.. user.Emails.Select(e => e.Normalized), Domain.LoginThrottles.LoginThrottle.CurrentPasswordKey(UserId.Parse(user.Id))]);
}
