using Ludmin.Domain.Users;
using Ludmin.Infrastructure.Observability;
using MongoDB.Bson;
using MongoDB.Driver;

namespace Ludmin.Infrastructure.Storage.Mongo;

/// <summary>Imported users and the count of their foreign hashes.</summary>
internal sealed partial class MongoUserRepository
{
    private static readonly InsertManyOptions Unordered = new() { IsOrdered = false };

    /// <summary>
    /// Users whose password hash is imported, grouped by the format between the prefix and the
    /// next ':' (<see cref="PasswordHash.ImportedPrefix"/>): a scan of the collection, which the
    /// metric makes at most once a minute.
    /// </summary>
    internal static PipelineDefinition<UserDocument, BsonDocument> ImportedHashCounts { get; } = new BsonDocument[]
    {
        new("$match", new BsonDocument("password_hash", new BsonDocument("$regex", "^" + PasswordHash.ImportedPrefix))),
        new("$group", new BsonDocument
        {
            { "_id", new BsonDocument("$arrayElemAt", new BsonArray { new BsonDocument("$split", new BsonArray { "$password_hash", ":" }), 1 }) },
            { "count", new BsonDocument("$sum", 1) },
        }),
    };

    /// <summary>
    /// One unordered <c>insertMany</c>: the unique index on every address refuses the documents
    /// whose address is held (or was taken by an earlier document of the same call), and only
    /// those; the others are written. A refusal for any other reason fails the call.
    /// </summary>
    public Task<IReadOnlyList<bool>> ImportAsync(IReadOnlyList<User> users, CancellationToken cancellationToken) =>
        store.RunAsync<IReadOnlyList<bool>>(StoreCalls.Users, async token =>
        {
            var stored = Enumerable.Repeat(true, users.Count).ToArray();
            if (users.Count == 0)
            {
                return stored;
            }

            try
            {
                await store.Users.InsertManyAsync(users.Select(u => UserDocument.FromDomain(u, u.Version)), Unordered, token);
            }
            catch (MongoBulkWriteException<UserDocument> ex)
                when (ex.WriteConcernError is null && ex.WriteErrors.All(e => MongoErrors.IsDuplicateKey(e, MongoIndexes.UsersByEmail)))
            {
                foreach (var error in ex.WriteErrors)
                {
                    stored[error.Index] = false;
                }
            }

            return stored;
        }, cancellationToken);

    public Task<IReadOnlyDictionary<string, long>> CountImportedHashesAsync(CancellationToken cancellationToken) =>
        store.RunAsync<IReadOnlyDictionary<string, long>>(StoreCalls.Users, async token =>
        {
            using var cursor = await store.Users.AggregateAsync(ImportedHashCounts, cancellationToken: token);
            var counts = new Dictionary<string, long>(StringComparer.Ordinal);
            foreach (var group in await cursor.ToListAsync(token))
            {
                counts[group["_id"].AsString] = group["count"].ToInt64();
            }

            return counts;
        }, cancellationToken);
}
