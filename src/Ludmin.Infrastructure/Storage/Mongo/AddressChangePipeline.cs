using Ludmin.Domain.Users;
using MongoDB.Bson;
using MongoDB.Driver;

namespace Ludmin.Infrastructure.Storage.Mongo;

/// <summary>
/// The profile save of an address change, as one aggregation-pipeline update (pipeline updates came with MongoDB 4.2; Ludmin needs 4.4). An
/// operator <c>$set</c> of <c>emails</c> would replace every element whole and drop the fields a
/// newer build keeps inside them (a rolling deploy); this merges each email over the stored one
/// of the same <c>normalized</c> address instead, and sets the other profile fields as
/// <c>$literal</c>s (a password hash starts with <c>$</c>, which a pipeline would read as a path).
/// The version is set to the next one as a literal: the filter matched the one read.
/// </summary>
internal static class AddressChangePipeline
{
    private static readonly string[] ProfileFields = ["full_name", "password_hash", "password_history", "is_master", "updated_at", "version"];

    public static UpdateDefinition<UserDocument> For(User user, DeviceId? removeDevicesBut, bool removeDevices)
    {
        var next = UserDocument.FromDomain(user, user.Version + 1).ToBsonDocument(MongoClassMaps.Serializer<UserDocument>());
        var set = new BsonDocument();
        foreach (var field in ProfileFields)
        {
            set[field] = new BsonDocument("$literal", next[field]);
        }

        set["emails"] = MergedByAddress(next["emails"].AsBsonArray);
        if (removeDevices)
        {
            // With the password it comes with, in the same write: no other session outlives the old password.
            set["devices"] = removeDevicesBut is { } keep
                ? new BsonDocument("$filter", new BsonDocument
                {
                    { "input", new BsonDocument("$ifNull", new BsonArray { "$devices", new BsonArray() }) },
                    { "as", "device" },
                    { "cond", new BsonDocument("$eq", new BsonArray { "$$device.device_id", keep.Value }) },
                })
                : new BsonDocument("$literal", new BsonArray());
        }

        return Builders<UserDocument>.Update.Pipeline(new BsonDocument[] { new("$set", set) });
    }

    /// <summary><c>$map</c> over the new emails: each merged over the stored email with the same address, if any.</summary>
    private static BsonDocument MergedByAddress(BsonArray emails)
    {
        var stored = new BsonDocument("$ifNull", new BsonArray { "$emails", new BsonArray() });
        var sameAddress = new BsonDocument("$eq", new BsonArray { "$$old.normalized", "$$new.normalized" });
        var storedEmail = new BsonDocument(
            "$arrayElemAt",
            new BsonArray { new BsonDocument("$filter", new BsonDocument { { "input", stored }, { "as", "old" }, { "cond", sameAddress } }), 0 });
        return new BsonDocument("$map", new BsonDocument
        {
            { "input", new BsonDocument("$literal", emails) },
            { "as", "new" },
            { "in", new BsonDocument("$mergeObjects", new BsonArray { storedEmail, "$$new" }) },
        });
    }
}
