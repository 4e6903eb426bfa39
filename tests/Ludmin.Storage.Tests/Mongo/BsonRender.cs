using Ludmin.Infrastructure.Storage.Mongo;
using MongoDB.Bson;
using MongoDB.Bson.IO;
using MongoDB.Bson.Serialization;
using MongoDB.Driver;

namespace Ludmin.Storage.Tests.Mongo;

/// <summary>Renders what the adapter would send, as the driver renders it, with no server.</summary>
internal static class BsonRender
{
    private static readonly JsonWriterSettings Canonical = new() { OutputMode = JsonOutputMode.CanonicalExtendedJson };

    public static BsonDocument Filter<T>(FilterDefinition<T> filter) => filter.Render(Args<T>());

    public static BsonValue Update<T>(UpdateDefinition<T> update) => update.Render(Args<T>());

    public static BsonDocument Sort<T>(SortDefinition<T> sort) => sort.Render(Args<T>());

    public static BsonDocument Keys<T>(IndexKeysDefinition<T> keys) => keys.Render(Args<T>());

    public static BsonDocument Document<T>(T document) => document.ToBsonDocument(MongoClassMaps.Serializer<T>());

    /// <summary>
    /// Compares as canonical extended JSON, which keeps BSON types apart (a 64-bit 1 is not a
    /// 32-bit 1) and shows both sides when they differ.
    /// </summary>
    public static void AssertSame(BsonValue actual, string expectedShellJson) =>
        AssertSame(actual, BsonSerializer.Deserialize<BsonDocument>(expectedShellJson));

    public static void AssertSame(BsonValue actual, BsonValue expected) =>
        Assert.That(actual.ToJson(Canonical), Is.EqualTo(expected.ToJson(Canonical)));

    private static RenderArgs<T> Args<T>() => new(MongoClassMaps.Serializer<T>(), BsonSerializer.SerializerRegistry);
}
