namespace Ludmin.Infrastructure.Storage.Mongo;

/// <summary>
/// An index Ludmin needs exists under the same name or keys with other options
/// (IndexOptionsConflict, IndexKeySpecsConflict). Retrying cannot help: an operator must drop or
/// fix the index. The message names the collection and the index and holds nothing secret.
/// </summary>
internal sealed class MongoIndexConflictException(string collection, string index, string codeName, Exception inner)
    : InvalidOperationException(
        $"the MongoDB index '{index}' on collection '{collection}' exists with other keys or options ({codeName}); "
        + "Ludmin does not retry: drop the index (docs/operations.md, \"Index conflicts\") and restart the instance",
        inner)
{
    public string Collection { get; } = collection;

    public string Index { get; } = index;
}
