using MongoDB.Bson;
using MongoDB.Driver;

namespace Ludmin.Infrastructure.Storage.Mongo;

/// <summary>
/// The save of a user as an update rather than a replacement, so that what this build does not
/// know survives it. During a rolling deploy a newer instance may have stored a field (at the
/// top, or inside an email or device) that this one skips on read; a replacement would then
/// drop it. This sets every element this build knows and leaves the others alone, and merges
/// each email and device element with the stored one of the same key (new values win), keeping
/// that element's unknown fields too; an element the user no longer has goes, as it should.
/// One aggregation-pipeline update (MongoDB 4.2 or later): still a single atomic write.
/// </summary>
internal static class UserDocumentUpdate
{
    /// <summary>The embedded arrays whose elements are merged, by the element that identifies one.</summary>
    private static readonly Dictionary<string, string> KeyedArrays = new(StringComparer.Ordinal)
    {
        ["emails"] = "normalized",
        ["devices"] = "device_id",
    };

    public static UpdateDefinition<UserDocument> Preserving(UserDocument document)
    {
        var stored = document.ToBsonDocument(MongoClassMaps.Serializer<UserDocument>());
        var set = new BsonDocument();
        foreach (var element in stored)
        {
            if (element.Name == "_id")
            {
                continue;
            }

            set[element.Name] = KeyedArrays.TryGetValue(element.Name, out var key) && element.Value is BsonArray elements
                ? MergedByKey(element.Name, elements, key)
                : Literal(element.Value);
        }

        return Builders<UserDocument>.Update.Pipeline(new BsonDocument[] { new("$set", set) });
    }

    /// <summary>
    /// <c>$map</c> over the new elements: each merged over the stored element with the same key, if any.
    /// </summary>
    private static BsonDocument MergedByKey(string field, BsonArray elements, string key)
    {
        var storedElements = new BsonDocument("$ifNull", new BsonArray { "$" + field, new BsonArray() });
        var sameKey = new BsonDocument("$eq", new BsonArray { "$$old." + key, "$$new." + key });
        var storedElement = new BsonDocument(
            "$arrayElemAt",
            new BsonArray { new BsonDocument("$filter", new BsonDocument { { "input", storedElements }, { "as", "old" }, { "cond", sameKey } }), 0 });
        return new BsonDocument("$map", new BsonDocument
        {
            { "input", Literal(elements) },
            { "as", "new" },
            { "in", new BsonDocument("$mergeObjects", new BsonArray { storedElement, "$$new" }) },
        });
    }

    /// <summary>
    /// In a pipeline a string that starts with <c>$</c> is a field path and a document is an
    /// expression: every stored value (a password hash starts with <c>$argon2id$</c>) goes in as a literal.
    /// </summary>
    private static BsonDocument Literal(BsonValue value) => new("$literal", value);
}
