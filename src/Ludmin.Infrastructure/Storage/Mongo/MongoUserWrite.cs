using MongoDB.Bson;
using MongoDB.Driver;

namespace Ludmin.Infrastructure.Storage.Mongo;

/// <summary>
/// One update of a user document: what it must match, what it changes, and for an update of one
/// linked device, which element (<c>$[d]</c>). A write that must match and does not is a lost race.
/// </summary>
internal sealed record MongoUserWrite(
    FilterDefinition<UserDocument> Filter,
    UpdateDefinition<UserDocument> Update,
    BsonDocument? DeviceElement,
    bool MustMatch)
{
    /// <summary>The identifier the updates of one device element use.</summary>
    public const string DeviceIdentifier = "d";

    public UpdateOptions Options => DeviceElement is null
        ? new UpdateOptions()
        : new UpdateOptions { ArrayFilters = [new BsonDocumentArrayFilterDefinition<BsonDocument>(DeviceElement)] };
}
