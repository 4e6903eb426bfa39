using Ludmin.Infrastructure.Storage.Mongo;
using Ludmin.Storage.Tests.Mongo;
using MongoDB.Bson;

namespace Ludmin.Storage.Tests.Checking;

/// <summary>
/// Teaches a <see cref="FakeMongoServer"/> the answers check-store asks for (hello, buildInfo,
/// listIndexes, getParameter, and the canary's insert, find and delete), each changeable by a test.
/// It shows how the check reads answers; what a real deployment answers, only a real one can.
/// </summary>
internal sealed class FakeDeployment
{
    private readonly FakeMongoServer _server;
    private BsonDocument? _canary;

    public FakeDeployment(FakeMongoServer server)
    {
        _server = server;
        Indexes = MongoIndexes.Expected.GroupBy(i => i.Collection).ToDictionary(
            g => g.Key,
            g => new List<BsonDocument>([IndexDocument("_id_", new BsonDocument("_id", 1)), .. g.Select(AsListed)]));
        server.AnswerFirst = command => command.GetElement(0).Name is "hello" or "isMaster" or "ismaster" ? Hello() : null;
        server.Respond = Answer;
    }

    /// <summary>The replica set's name, or null for a standalone server.</summary>
    public string? SetName { get; set; } = "rs0";

    public string Version { get; set; } = "7.0.14";

    /// <summary>What listIndexes returns per collection; a collection left out does not exist.</summary>
    public Dictionary<string, List<BsonDocument>> Indexes { get; }

    /// <summary>The answer to getParameter.</summary>
    public BsonDocument TtlParameter { get; set; } = new() { { "ttlMonitorEnabled", true }, { "ok", 1.0 } };

    /// <summary>Added to the insert's answer (a writeConcernError, say).</summary>
    public BsonDocument InsertExtras { get; set; } = [];

    public static BsonDocument IndexDocument(string name, BsonDocument keys) => new() { { "v", 2 }, { "key", keys }, { "name", name } };

    public static BsonDocument AsListed(ExpectedMongoIndex index)
    {
        var document = IndexDocument(index.Name, index.Keys);
        if (index.Unique)
        {
            document["unique"] = true;
        }

        if (index.ExpireAfter is { } ttl)
        {
            document["expireAfterSeconds"] = (int)ttl.TotalSeconds;
        }

        return document;
    }

    public static BsonDocument Refusal(int code, string codeName) =>
        new() { { "ok", 0.0 }, { "errmsg", $"refused ({codeName})" }, { "code", code }, { "codeName", codeName } };

    public IEnumerable<BsonDocument> Sent(string name) => _server.CommandsNamed(name);

    private BsonDocument Hello()
    {
        var hello = new BsonDocument
        {
            { "helloOk", true },
            { "ismaster", true },
            { "isWritablePrimary", true },
            { "maxBsonObjectSize", 16 * 1024 * 1024 },
            { "maxMessageSizeBytes", 48_000_000 },
            { "maxWriteBatchSize", 100_000 },
            { "localTime", DateTime.UtcNow },
            { "minWireVersion", 0 },
            { "maxWireVersion", _server.MaxWireVersion },
            { "connectionId", 1 },
            { "ok", 1.0 },
        };
        if (SetName is not null)
        {
            hello["setName"] = SetName;
            hello["hosts"] = new BsonArray { $"127.0.0.1:{_server.Port}", "db2.internal:27017", "db3.internal:27017" };
            hello["me"] = $"127.0.0.1:{_server.Port}";
            hello["primary"] = $"127.0.0.1:{_server.Port}";
        }

        return hello;
    }

    private BsonDocument? Answer(BsonDocument command)
    {
        switch (command.GetElement(0).Name)
        {
            case "buildInfo":
                return new BsonDocument { { "version", Version }, { "ok", 1.0 } };
            case "getParameter":
                return TtlParameter;
            case "listIndexes":
                var collection = command["listIndexes"].AsString;
                return Indexes.TryGetValue(collection, out var indexes)
                    ? Cursor(command, new BsonArray(indexes))
                    : Refusal(26, "NamespaceNotFound");
            case "insert" when command["insert"] == MongoStore.ThrottlesCollection:
                _canary = command["documents"][0].AsBsonDocument;
                var answer = new BsonDocument { { "n", 1 }, { "ok", 1.0 } };
                answer.Merge(InsertExtras);
                return answer;
            case "find" when command["find"] == MongoStore.ThrottlesCollection:
                return Cursor(command, _canary is null ? [] : new BsonArray { _canary });
            default:
                return null;
        }
    }

    private static BsonDocument Cursor(BsonDocument command, BsonArray batch) => new()
    {
        { "cursor", new BsonDocument { { "firstBatch", batch }, { "id", 0L }, { "ns", $"{command["$db"]}.{command[0]}" } } },
        { "ok", 1.0 },
    };
}
