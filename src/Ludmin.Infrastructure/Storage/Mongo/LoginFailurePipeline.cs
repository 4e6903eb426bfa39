using Ludmin.Domain.Common;
using Ludmin.Domain.LoginThrottles;
using MongoDB.Bson;
using MongoDB.Driver;

namespace Ludmin.Infrastructure.Storage.Mongo;

/// <summary>
/// One failed login as one aggregation-pipeline upsert (MongoDB 4.2+; Ludmin needs 4.4), so racing failures are
/// all counted without a read or a version to lose. It is <see cref="LoginThrottle.RecordFailure"/>'s
/// rule over the stored fields (or a fresh throttle's, when none is stored): while blocked nothing
/// is counted; after a quiet <see cref="LoginThrottlePolicy.ForgetAfter"/> the count starts over.
/// Every moment is worked out here from the policy (<see cref="LoginThrottlePolicy.DelayAfter"/>
/// for each count past the free ones), so the server only picks the one the stored count names;
/// the rule's arithmetic stays the domain's. Fields this build does not know stay as stored.
/// </summary>
internal static class LoginFailurePipeline
{
    /// <summary>Past this many doublings <see cref="LoginThrottlePolicy.DelayAfter"/> grows no more.</summary>
    private const int MaxDoublings = 30;

    public static UpdateDefinition<LoginThrottleDocument> For(DateTimeOffset now, LoginThrottlePolicy policy)
    {
        now = TimestampPrecision.Truncate(now);
        var at = Date(now);
        var never = Date(DateTimeOffset.MinValue);
        var blocked = Operator("$gt", Stored("blocked_until", never), at);
        var startsOver = Operator("$lte", Stored("last_failure_at", never), Date(now - policy.ForgetAfter));
        var failures = Cond(startsOver, 1, Operator("$add", Stored("failures", 0), 1));
        var waits = new BsonArray(Enumerable.Range(0, MaxDoublings + 1).Select(doublings => Date(now + policy.DelayAfter(policy.FreeFailures + doublings))));
        var blockedUntil = Cond(
            Operator("$lt", failures, policy.FreeFailures),
            at,
            Operator("$arrayElemAt", new BsonDocument("$literal", waits), Operator("$min", Operator("$subtract", failures, policy.FreeFailures), MaxDoublings)));

        var set = new BsonDocument
        {
            { "failures", Cond(blocked, "$failures", failures) },
            { "last_failure_at", Cond(blocked, "$last_failure_at", at) },
            { "blocked_until", Cond(blocked, "$blocked_until", blockedUntil) },
            { "expires_at", Cond(blocked, "$expires_at", Operator("$max", blockedUntil, Date(now + policy.ForgetAfter))) },

            // Moved on for a failure while blocked too: every failure is one write.
            { "version", Operator("$add", Stored("version", 0L), 1L) },
        };
        return Builders<LoginThrottleDocument>.Update.Pipeline(new BsonDocument[] { new("$set", set) });
    }

    private static BsonDateTime Date(DateTimeOffset moment) => new(moment.UtcDateTime);

    private static BsonDocument Stored(string field, BsonValue absent) => Operator("$ifNull", "$" + field, absent);

    private static BsonDocument Cond(BsonValue condition, BsonValue then, BsonValue otherwise) => Operator("$cond", condition, then, otherwise);

    private static BsonDocument Operator(string name, params BsonValue[] arguments) => new(name, new BsonArray(arguments));
}
