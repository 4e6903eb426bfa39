using Ludmin.Domain.LoginThrottles;
using Ludmin.Infrastructure.Storage.Mongo;
using Ludmin.Storage.Tests.Contract;
using MongoDB.Bson;
using MongoDB.Bson.Serialization;

namespace Ludmin.Storage.Tests.Mongo;

/// <summary>
/// The pipeline upsert that counts a failed login, rendered as the driver sends it and evaluated
/// here by the few aggregation operators it uses, against the domain's own rule. No server runs
/// here; the storage contract runs it on a real one (LUDMIN_TEST_MONGO).
/// </summary>
public sealed class MongoLoginFailurePipelineTests
{
    private const string Key = "ann.lee@example.com";

    [Test]
    public void For_WhenRendered_IsOneSetStageOfTheThrottlesOwnFields()
    {
        var stages = BsonRender.Update(LoginFailurePipeline.For(Users.Epoch, LoginThrottlePolicy.Default)).AsBsonArray;

        Assert.That(stages, Has.Count.EqualTo(1));
        Assert.That(stages[0].AsBsonDocument.Names, Is.EqualTo(new[] { "$set" }));
        Assert.That(stages[0]["$set"].AsBsonDocument.Names, Is.EqualTo(new[] { "failures", "last_failure_at", "blocked_until", "expires_at", "version" }));
    }

    // 30 s is shorter than the 1 min cap: the record must still outlive the block it holds.
    [TestCase(3600)]
    [TestCase(30)]
    public void For_WhenAppliedFailureAfterFailure_CountsAsTheDomainDoesThroughBlockAndQuietPeriod(int forgetAfterSeconds)
    {
        var policy = new LoginThrottlePolicy(3, TimeSpan.FromSeconds(10), TimeSpan.FromMinutes(1), TimeSpan.FromSeconds(forgetAfterSeconds));
        var expected = LoginThrottle.Start(Key);
        var stored = new BsonDocument("_id", Key);

        // Free ones, the blocking one, one while blocked, doublings up to the cap, then a quiet hour.
        var at = Users.Epoch;
        TimeSpan[] pauses = [TimeSpan.Zero, TimeSpan.FromSeconds(1), TimeSpan.FromSeconds(1), TimeSpan.FromSeconds(2), TimeSpan.FromSeconds(9),
            TimeSpan.FromSeconds(20), TimeSpan.FromSeconds(40), TimeSpan.FromMinutes(2), TimeSpan.FromMinutes(2), TimeSpan.FromHours(2)];
        for (var i = 0; i < pauses.Length; i++)
        {
            at += pauses[i];
            expected.RecordFailure(at, policy);

            stored = Apply(BsonRender.Update(LoginFailurePipeline.For(at, policy)).AsBsonArray, stored);

            var actual = BsonSerializer.Deserialize<LoginThrottleDocument>(stored).ToDomain();
            ThrottleAssert.SameState(actual, expected, version: i + 1);
        }

        Assert.That(expected.Failures, Is.EqualTo(1), "the sequence reached the quiet period");
    }

    [Test]
    public void For_WhenAFieldANewerBuildAddedIsStored_LeavesItAlone()
    {
        var stored = new BsonDocument { { "_id", Key }, { "newer", "kept" } };

        stored = Apply(BsonRender.Update(LoginFailurePipeline.For(Users.Epoch, LoginThrottlePolicy.Default)).AsBsonArray, stored);

        Assert.That(stored["newer"], Is.EqualTo(new BsonString("kept")));
    }

    private static BsonDocument Apply(BsonArray stages, BsonDocument stored)
    {
        foreach (var stage in stages.Select(s => s["$set"].AsBsonDocument))
        {
            var next = stored.DeepClone().AsBsonDocument;
            foreach (var field in stage)
            {
                // Every expression of one $set stage reads the document as it came in.
                next[field.Name] = Evaluate(field.Value, stored) ?? throw new AssertionException($"{field.Name} evaluated to nothing");
            }

            stored = next;
        }

        return stored;
    }

    /// <summary>The operators the pipeline uses, as the server evaluates them; null is a missing field.</summary>
    private static BsonValue? Evaluate(BsonValue expression, BsonDocument document)
    {
        if (expression is BsonString { Value: ['$', .. var path] })
        {
            return document.TryGetValue(path, out var value) ? value : null;
        }

        if (expression is not BsonDocument { ElementCount: 1 } call || !call.GetElement(0).Name.StartsWith('$'))
        {
            return expression;
        }

        var (name, raw) = (call.GetElement(0).Name, call.GetElement(0).Value);
        if (name == "$literal")
        {
            return raw;
        }

        if (name == "$cond")
        {
            // Only the branch chosen is evaluated, as on the server.
            return Evaluate(raw[Evaluate(raw[0], document)!.AsBoolean ? 1 : 2], document);
        }

        var args = raw.AsBsonArray.Select(a => Evaluate(a, document)).ToArray();
        return name switch
        {
            "$ifNull" => args[0] is null or BsonNull ? args[1] : args[0],
            "$gt" => Compare(args[0]!, args[1]!) > 0,
            "$lt" => Compare(args[0]!, args[1]!) < 0,
            "$lte" => Compare(args[0]!, args[1]!) <= 0,
            "$add" when args[0] is BsonDateTime date => new BsonDateTime(date.MillisecondsSinceEpoch + args[1]!.ToInt64()),
            "$add" => args.All(a => a is BsonInt32) ? args.Sum(a => a!.AsInt32) : (BsonValue)args.Sum(a => a!.ToInt64()),
            "$subtract" => args[0]!.AsInt32 - args[1]!.AsInt32,
            "$min" => Math.Min(args[0]!.AsInt32, args[1]!.AsInt32),
            "$max" => Compare(args[0]!, args[1]!) >= 0 ? args[0] : args[1],
            "$arrayElemAt" => args[0]!.AsBsonArray[args[1]!.AsInt32],
            _ => throw new AssertionException($"{name} is not evaluated here"),
        };
    }

    private static int Compare(BsonValue left, BsonValue right) =>
        left is BsonDateTime a && right is BsonDateTime b ? a.MillisecondsSinceEpoch.CompareTo(b.MillisecondsSinceEpoch) : left.ToDouble().CompareTo(right.ToDouble());
}
