using MongoDB.Bson;
using MongoDB.Bson.Serialization;
using MongoDB.Driver;

namespace Ludmin.Infrastructure.Storage.Mongo;

/// <summary>One index as Ludmin creates it: its collection, name, keys and the options Ludmin sets.</summary>
internal sealed record ExpectedMongoIndex(string Collection, string Name, BsonDocument Keys, bool Unique, TimeSpan? ExpireAfter)
{
    public static ExpectedMongoIndex Of<T>(string collection, CreateIndexModel<T> model) =>
        new(
            collection,
            model.Options.Name,
            model.Keys.Render(new RenderArgs<T>(MongoClassMaps.Serializer<T>(), BsonSerializer.SerializerRegistry)),
            model.Options.Unique ?? false,
            model.Options.ExpireAfter);
}
