using Ludmin.Domain.Users;
using Ludmin.Infrastructure.Storage.Mongo;
using MongoDB.Driver;

namespace Ludmin.Infrastructure.Storage.Generating;

/// <summary>
/// New users as one unordered <c>insertMany</c> per batch: the server may write them in any
/// order and in parallel, and one refused document does not stop the others. A document refused
/// for an address already held (left by an interrupted run) is skipped and counted.
/// </summary>
internal sealed class MongoUserBulkInsert(MongoStore store) : IUserBulkInsert
{
    private static readonly InsertManyOptions Unordered = new() { IsOrdered = false };

    public Task<int> InsertAsync(IReadOnlyList<User> users, CancellationToken cancellationToken) =>
        store.RunAsync(async token =>
        {
            try
            {
                await store.Users.InsertManyAsync(users.Select(u => UserDocument.FromDomain(u, u.Version)), Unordered, token);
                return 0;
            }
            catch (MongoBulkWriteException<UserDocument> ex)
                when (ex.WriteConcernError is null && ex.WriteErrors.All(e => MongoErrors.IsDuplicateKey(e, MongoIndexes.UsersByEmail)))
            {
                return ex.WriteErrors.Count;
            }
        }, cancellationToken);
}
