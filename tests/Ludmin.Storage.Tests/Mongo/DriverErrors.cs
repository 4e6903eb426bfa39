using System.Net;
using System.Reflection;
using MongoDB.Bson;
using MongoDB.Driver;
using MongoDB.Driver.Core.Clusters;
using MongoDB.Driver.Core.Connections;
using MongoDB.Driver.Core.Servers;

namespace Ludmin.Storage.Tests.Mongo;

/// <summary>
/// Driver exceptions as a server would cause them. The driver builds write errors itself
/// (their constructors are internal), so these are made the same way, by reflection.
/// </summary>
internal static class DriverErrors
{
    public static readonly ConnectionId Connection = new(new ServerId(new ClusterId(), new DnsEndPoint("db.example", 27017)));

    public static MongoWriteException DuplicateKey(string indexName, string key) =>
        new(Connection, WriteError(ServerErrorCategory.DuplicateKey, 11000, $"E11000 duplicate key error collection: ludmin.users index: {indexName} dup key: {{ {key} }}"), null, null);

    public static MongoWriteException OtherWriteError() =>
        new(Connection, WriteError(ServerErrorCategory.Uncategorized, 121, "Document failed validation"), null, null);

    public static MongoWriteException WriteConcernTimeout() =>
        new(Connection, null, Internal<WriteConcernError>(64, "WriteConcernFailed", "waiting for replication timed out", new BsonDocument(), Array.Empty<string>()), null);

    public static WriteError WriteError(ServerErrorCategory category, int code, string message) =>
        Internal<WriteError>(category, code, message, new BsonDocument());

    private static T Internal<T>(params object[] arguments) =>
        (T)Activator.CreateInstance(typeof(T), BindingFlags.Instance | BindingFlags.NonPublic, null, arguments, null)!;
}
