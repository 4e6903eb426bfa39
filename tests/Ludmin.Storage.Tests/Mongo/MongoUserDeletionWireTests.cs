using Ludmin.Domain.Users;
using Ludmin.Infrastructure.Storage.Mongo;
using Ludmin.Storage.Tests.Contract;
using MongoDB.Bson;

namespace Ludmin.Storage.Tests.Mongo;

/// <summary>
/// A master's deletion seen on the wire: one that stops between the mark and the delete takes its
/// mark away, and one that committed answers the deletion even when the cleanup after it fails.
/// </summary>
public sealed class MongoUserDeletionWireTests : FakeMongoStoreTestBase
{
    private User _master = null!;
    private Func<BsonDocument, BsonDocument?> _count = _ => null;
    private Func<BsonDocument, BsonDocument?> _delete = _ => null;
    private bool _committed;

    private protected override void Arrange(FakeMongoServer server)
    {
        // One fixture instance runs every test: what a test set is reset here.
        (_count, _delete, _committed) = (_ => null, _ => null, false);
        MongoClassMaps.Register();
        _master = Users.New();
        _master.PromoteToMaster(Users.Epoch);
        var stored = UserDocument.FromDomain(_master, version: 1).ToBsonDocument();
        server.Respond = command => command.GetElement(0).Name switch
        {
            "find" => Cursor(command, [stored]),
            "aggregate" => _count(command) ?? Cursor(command, [new BsonDocument("n", 1)]),
            "findAndModify" => Committed(stored),
            "delete" => _delete(command),
            _ => null,
        };
    }

    [Test]
    public async Task Delete_WhenAMasterDeletionFailsBetweenTheMarkAndTheDelete_RemovesTheMark()
    {
        _count = _ => FakeMongoServer.Error(2, "BadValue");

        Assert.That(async () => await DeleteAsync(), Throws.Exception);

        var updates = Server.CommandsNamed("update").Select(c => c["updates"][0]["u"].AsBsonDocument).ToList();
        Assert.That(updates, Has.Count.EqualTo(2), "marked, then unmarked");
        Assert.That(updates[1].Contains("$unset"), Is.True);
        Assert.That(updates[1]["$unset"].AsBsonDocument.Contains(MongoUserDeletion.DeletingElement), Is.True);
    }

    [Test]
    public async Task Delete_WhenTheRequestIsCancelledBetweenTheMarkAndTheDelete_RemovesTheMarkAnyway()
    {
        using var request = new CancellationTokenSource();
        _count = _ =>
        {
            request.Cancel();
            return null;
        };

        Assert.That(async () => await DeleteAsync(request.Token), Throws.InstanceOf<OperationCanceledException>().Or.InstanceOf<Ludmin.Domain.Common.DomainException>());

        var updates = Server.CommandsNamed("update").Select(c => c["updates"][0]["u"].AsBsonDocument).ToList();
        Assert.That(updates.Any(u => u.Contains("$unset")), Is.True, "the mark is removed on a token of its own");
    }

    [Test]
    public async Task Delete_WhenTheCleanupAfterTheCommitFails_AnswersTheDeletion()
    {
        _delete = _ => _committed ? FakeMongoServer.Error(2, "BadValue") : null;

        var deleted = await DeleteAsync();

        Assert.That(deleted?.Id, Is.EqualTo(_master.Id));
    }

    [Test]
    public async Task Delete_WhenTheRequestIsCancelledAtTheCommit_StillCleansUpAndAnswersTheDeletion()
    {
        using var request = new CancellationTokenSource();
        _delete = _ =>
        {
            if (_committed)
            {
                request.Cancel();
            }

            return null;
        };

        var deleted = await DeleteAsync(request.Token);

        Assert.That(deleted?.Id, Is.EqualTo(_master.Id));
        Assert.That(Server.CommandsNamed("delete").Count(c => c[0] == MongoStore.ThrottlesCollection), Is.EqualTo(2), "before and after the commit");
    }

    private async Task<User?> DeleteAsync(CancellationToken cancellationToken = default)
    {
        await Store.EnsureIndexesAsync(CancellationToken.None);
        return await new MongoUserRepository(Store).DeleteAsync(_master.Id, cancellationToken);
    }

    private BsonDocument Committed(BsonDocument stored)
    {
        _committed = true;
        return new BsonDocument { { "lastErrorObject", new BsonDocument("n", 1) }, { "value", stored }, { "ok", 1.0 } };
    }

    private static BsonDocument Cursor(BsonDocument command, BsonArray batch) => new()
    {
        { "cursor", new BsonDocument { { "firstBatch", batch }, { "id", 0L }, { "ns", $"{command["$db"]}.{command[0]}" } } },
        { "ok", 1.0 },
    };
}
