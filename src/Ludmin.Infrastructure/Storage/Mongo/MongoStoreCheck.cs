using System.Globalization;
using Ludmin.Infrastructure.Storage.Checking;
using MongoDB.Bson;
using MongoDB.Driver;

namespace Ludmin.Infrastructure.Storage.Mongo;

/// <summary>
/// check-store on MongoDB: what no test here can run against, checked on the operator's own
/// deployment. Server version and topology, Ludmin's indexes against <see cref="MongoIndexes.Expected"/>,
/// the TTL monitor, and a canary document written with Ludmin's write concern, read back with
/// majority read concern and removed. It creates no index and changes no setting.
/// </summary>
internal sealed class MongoStoreCheck(MongoStore store, TimeProvider clock)
{
    /// <summary>The driver (3.10 and later) refuses servers older than 4.4 (wire version 9).</summary>
    public static readonly Version MinimumServer = new(4, 4);

    /// <summary>The server release of each wire version the driver refuses, to name what was found.</summary>
    private static readonly Dictionary<int, string> ReleaseOfWireVersion = new() { [6] = "3.6", [7] = "4.0", [8] = "4.2" };

    private const string Canary = "check-store canary ";
    private const int NamespaceNotFound = 26;

    /// <summary>Options that would change what an index means (or hide it from the planner) and that Ludmin never sets.</summary>
    private static readonly string[] ForeignOptions = ["sparse", "partialFilterExpression", "collation", "hidden", "weights", "2dsphereIndexVersion"];

    private IMongoDatabase Admin => store.Database.Client.GetDatabase("admin");

    public async Task<StoreCheckReport> RunAsync(CancellationToken cancellationToken)
    {
        BsonDocument hello;
        try
        {
            hello = await Admin.RunCommandAsync<BsonDocument>(new BsonDocument("hello", 1), cancellationToken: cancellationToken);
        }
        catch (MongoIncompatibleDriverException ex)
        {
            throw new InvalidOperationException($"{TooOld(ex)}; Ludmin needs MongoDB {MinimumServer} or later.");
        }
        catch (Exception ex) when (MongoErrors.IsUnavailable(ex) || ex is MongoCommandException)
        {
            throw new InvalidOperationException($"MongoDB could not be reached: {MongoErrors.Describe(ex)}.");
        }

        var items = new List<StoreCheckItem>();
        items.AddRange(Topology(hello));
        items.Add(await ServerVersionAsync(cancellationToken));
        foreach (var collection in MongoIndexes.Expected.GroupBy(i => i.Collection))
        {
            items.AddRange(await IndexesAsync(collection.Key, [.. collection], cancellationToken));
        }

        items.Add(await TtlMonitorAsync(cancellationToken));
        items.AddRange(await CanaryRoundTripAsync(cancellationToken));
        return new StoreCheckReport($"MongoDB database '{store.Database.DatabaseNamespace.DatabaseName}'", items);
    }

    /// <summary>The server found, from the wire version the driver's refusal names (its message carries no release).</summary>
    internal static string TooOld(MongoIncompatibleDriverException exception)
    {
        var match = System.Text.RegularExpressions.Regex.Match(exception.Message, @"wire version (\d+)", System.Text.RegularExpressions.RegexOptions.None, TimeSpan.FromSeconds(1));
        if (!match.Success || !int.TryParse(match.Groups[1].Value, CultureInfo.InvariantCulture, out var wire))
        {
            return "the MongoDB server is older than this driver accepts";
        }

        return ReleaseOfWireVersion.TryGetValue(wire, out var release)
            ? $"the server is MongoDB {release} (wire version {wire})"
            : $"the server speaks wire version {wire}, older than MongoDB {MinimumServer}";
    }

    internal static IEnumerable<StoreCheckItem> Topology(BsonDocument hello)
    {
        const string subject = "topology";
        if (hello.TryGetValue("setName", out var setName))
        {
            var members = hello.GetValue("hosts", new BsonArray()).AsBsonArray.Count + hello.GetValue("passives", new BsonArray()).AsBsonArray.Count;
            yield return StoreCheckItem.Ok(subject, $"replica set '{setName}' with {members} data-bearing member(s)");
            if (hello.GetValue("arbiters", new BsonArray()).AsBsonArray.Count > 0)
            {
                yield return StoreCheckItem.Warning(
                    subject, "the set has an arbiter: with one data-bearing member down, majority writes cannot be acknowledged and requests answer 503");
            }
        }
        else if (hello.GetValue("msg", BsonNull.Value) == "isdbgrid")
        {
            yield return StoreCheckItem.Ok(subject, "sharded cluster (mongos); keep the users collection unsharded");
        }
        else
        {
            yield return StoreCheckItem.Warning(
                subject, "standalone server: no failover, and an acknowledged write lives on one machine. Run a replica set in production");
        }
    }

    private async Task<StoreCheckItem> ServerVersionAsync(CancellationToken cancellationToken)
    {
        const string subject = "server version";
        try
        {
            var info = await Admin.RunCommandAsync<BsonDocument>(new BsonDocument("buildInfo", 1), cancellationToken: cancellationToken);
            var text = info.GetValue("version", "unknown").AsString;
            return Version.TryParse(text.Split('-')[0], out var version) && version < MinimumServer
                ? StoreCheckItem.Failed(subject, $"MongoDB {text}; Ludmin needs {MinimumServer} or later")
                : StoreCheckItem.Ok(subject, $"MongoDB {text}");
        }
        catch (Exception ex) when (ex is MongoException or TimeoutException)
        {
            return StoreCheckItem.Failed(subject, $"buildInfo failed: {MongoErrors.Describe(ex)}");
        }
    }

    private async Task<IEnumerable<StoreCheckItem>> IndexesAsync(string collection, IReadOnlyList<ExpectedMongoIndex> expected, CancellationToken cancellationToken)
    {
        List<BsonDocument> found;
        try
        {
            using var cursor = await store.Database.GetCollection<BsonDocument>(collection).Indexes.ListAsync(cancellationToken);
            found = await cursor.ToListAsync(cancellationToken);
        }
        catch (MongoCommandException ex) when (ex.Code == NamespaceNotFound)
        {
            return [Missing(collection)];
        }
        catch (Exception ex) when (ex is MongoException or TimeoutException)
        {
            return [StoreCheckItem.Failed($"indexes of {collection}", $"listIndexes failed: {MongoErrors.Describe(ex)}")];
        }

        // Every collection has its _id_ index; the driver answers a missing collection with no indexes at all.
        return found.Count == 0 ? [Missing(collection)] : CompareIndexes(collection, expected, found);
    }

    private static StoreCheckItem Missing(string collection) =>
        StoreCheckItem.Failed($"indexes of {collection}", "the collection does not exist: Ludmin creates it and its indexes on its first start");

    /// <summary>Each expected index against what <c>listIndexes</c> returned; indexes of others are listed, not judged.</summary>
    internal static IEnumerable<StoreCheckItem> CompareIndexes(string collection, IReadOnlyList<ExpectedMongoIndex> expected, IReadOnlyList<BsonDocument> found)
    {
        foreach (var index in expected)
        {
            var subject = $"index {collection}.{index.Name}";
            var actual = found.FirstOrDefault(f => f.GetValue("name", BsonNull.Value) == index.Name);
            if (actual is null)
            {
                var sameKeys = found.FirstOrDefault(f => SameKeys(f.GetValue("key", new BsonDocument()).AsBsonDocument, index.Keys));
                yield return StoreCheckItem.Failed(subject, sameKeys is null
                    ? $"missing ({Describe(index)}): Ludmin creates it on start"
                    : $"missing; index '{sameKeys["name"]}' has the same keys, so creating it fails (drop the other one)");
                continue;
            }

            var differences = Differences(index, actual).ToList();
            yield return differences.Count == 0
                ? StoreCheckItem.Ok(subject, Describe(index))
                : StoreCheckItem.Failed(subject, $"expected {Describe(index)}, but {string.Join("; ", differences)}");
        }

        foreach (var other in found.Where(f => f.GetValue("name", BsonNull.Value) is var name && name != "_id_" && expected.All(e => e.Name != name)))
        {
            yield return StoreCheckItem.Ok($"index {collection}.{other["name"]}", $"not Ludmin's, left alone: {other.GetValue("key", new BsonDocument())}");
        }
    }

    private static IEnumerable<string> Differences(ExpectedMongoIndex expected, BsonDocument actual)
    {
        var keys = actual.GetValue("key", new BsonDocument()).AsBsonDocument;
        if (!SameKeys(keys, expected.Keys))
        {
            yield return $"its keys are {keys}";
        }

        if (actual.GetValue("unique", false).ToBoolean() != expected.Unique)
        {
            yield return expected.Unique ? "it is not unique" : "it is unique";
        }

        var ttl = actual.TryGetValue("expireAfterSeconds", out var seconds) ? TimeSpan.FromSeconds(seconds.ToDouble()) : (TimeSpan?)null;
        if (ttl != expected.ExpireAfter)
        {
            yield return ttl is null ? "it has no expireAfterSeconds" : $"its expireAfterSeconds is {ttl.Value.TotalSeconds.ToString(CultureInfo.InvariantCulture)}";
        }

        foreach (var option in ForeignOptions.Where(actual.Contains))
        {
            yield return $"it has {option}: {actual[option]}";
        }
    }

    /// <summary>Same fields in the same order, each the same direction (1 and 1.0 alike).</summary>
    private static bool SameKeys(BsonDocument actual, BsonDocument expected) =>
        actual.Names.SequenceEqual(expected.Names, StringComparer.Ordinal)
        && expected.All(e => actual[e.Name].IsNumeric && e.Value.IsNumeric ? actual[e.Name].ToDouble() == e.Value.ToDouble() : actual[e.Name] == e.Value);

    private static string Describe(ExpectedMongoIndex index)
    {
        var options = new List<string>();
        if (index.Unique)
        {
            options.Add("unique");
        }

        if (index.ExpireAfter is { } ttl)
        {
            options.Add($"expireAfterSeconds: {ttl.TotalSeconds.ToString(CultureInfo.InvariantCulture)}");
        }

        return options.Count == 0 ? $"{index.Keys}" : $"{index.Keys}, {string.Join(", ", options)}";
    }

    private async Task<StoreCheckItem> TtlMonitorAsync(CancellationToken cancellationToken)
    {
        const string subject = "TTL monitor";
        try
        {
            var answer = await Admin.RunCommandAsync<BsonDocument>(
                new BsonDocument { { "getParameter", 1 }, { "ttlMonitorEnabled", 1 } }, cancellationToken: cancellationToken);
            return answer.GetValue("ttlMonitorEnabled", BsonNull.Value) is BsonBoolean { Value: true }
                ? StoreCheckItem.Ok(subject, "enabled: expired reset codes and throttles are removed")
                : StoreCheckItem.Failed(subject, "ttlMonitorEnabled is false: expired reset codes and throttles stay (Ludmin's sweeper still deletes them)");
        }
        catch (MongoCommandException ex)
        {
            return StoreCheckItem.Warning(
                subject, $"could not be read ({ex.CodeName}: getParameter is not permitted for this user, as on Atlas); check on the server that ttlMonitorEnabled is true");
        }
        catch (Exception ex) when (ex is MongoException or TimeoutException)
        {
            return StoreCheckItem.Warning(subject, $"could not be read: {MongoErrors.Describe(ex)}");
        }
    }

    /// <summary>
    /// A throttle document under a key no address can be, expiring in ten minutes (the TTL index
    /// removes it should the check die before deleting it): written with Ludmin's majority write
    /// concern, read back from the primary with majority read concern, and deleted.
    /// </summary>
    private async Task<IEnumerable<StoreCheckItem>> CanaryRoundTripAsync(CancellationToken cancellationToken)
    {
        const string majority = "majority writes";
        const string subject = "canary round trip";
        var now = clock.GetUtcNow();
        var canary = new LoginThrottleDocument
        {
            Key = Canary + Guid.NewGuid().ToString("N"),
            Failures = 0,
            LastFailureAt = now,
            BlockedUntil = now,
            ExpiresAt = now.AddMinutes(10),
            Version = 1,
        };
        var byKey = Builders<LoginThrottleDocument>.Filter.Eq(d => d.Key, canary.Key);
        try
        {
            await store.Throttles.InsertOneAsync(canary, cancellationToken: cancellationToken);
        }
        catch (Exception ex) when (ex is MongoWriteConcernException or MongoWriteException { WriteConcernError: not null })
        {
            return
            [
                StoreCheckItem.Failed(majority, "not acknowledged: no majority of the replica set confirmed the canary within 10 seconds (members down or lagging?)"),
                StoreCheckItem.Failed(subject, "the canary may remain until its TTL (ten minutes) removes it"),
            ];
        }
        catch (Exception ex) when (ex is MongoException or TimeoutException)
        {
            return [StoreCheckItem.Failed(subject, $"the canary could not be written: {MongoErrors.Describe(ex)}")];
        }

        var items = new List<StoreCheckItem> { StoreCheckItem.Ok(majority, "acknowledged: the canary was written with w: majority (wtimeout 10 s)") };
        try
        {
            var read = await store.Throttles.WithReadConcern(ReadConcern.Majority).Find(byKey).Limit(1).FirstOrDefaultAsync(cancellationToken);
            var deleted = await store.Throttles.DeleteOneAsync(byKey, cancellationToken);
            items.Add(read is null
                ? StoreCheckItem.Failed(subject, "the canary was acknowledged but a majority read did not return it")
                : deleted.DeletedCount == 1
                    ? StoreCheckItem.Ok(subject, $"written, read back (read concern majority) and removed from {MongoStore.ThrottlesCollection}")
                    : StoreCheckItem.Failed(subject, "read back, but the delete removed nothing"));
        }
        catch (Exception ex) when (ex is MongoException or TimeoutException)
        {
            items.Add(StoreCheckItem.Failed(subject, $"the canary was written but not read back and removed: {MongoErrors.Describe(ex)}; its TTL removes it within ten minutes"));
        }

        return items;
    }
}
