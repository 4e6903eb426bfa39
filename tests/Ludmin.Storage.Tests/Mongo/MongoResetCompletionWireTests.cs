using Ludmin.Domain.PasswordResets;
using Ludmin.Domain.Users;
using Ludmin.Infrastructure.Storage.Mongo;
using Ludmin.Storage.Tests.Contract;
using MongoDB.Bson;

namespace Ludmin.Storage.Tests.Mongo;

/// <summary>
/// A reset's completion on MongoDB, which has no transaction across the code and the user: when
/// saving the new password fails after the code was spent, the code goes back as it was read, so
/// the owner's retry with it works.
/// </summary>
public sealed class MongoResetCompletionWireTests : FakeMongoStoreTestBase
{
    private Func<BsonDocument, BsonDocument?> _userUpdate = _ => null;
    private Func<BsonDocument, BsonDocument?> _insert = _ => null;

    private protected override void Arrange(FakeMongoServer server)
    {
        // One fixture instance runs every test: what a test set is reset here.
        (_userUpdate, _insert) = (_ => null, _ => null);
        MongoClassMaps.Register();
        server.Respond = command => command.GetElement(0).Name switch
        {
            "update" when command[0] == MongoStore.UsersCollection => _userUpdate(command),
            "insert" when command[0] == MongoStore.ResetsCollection => _insert(command),
            _ => null,
        };
    }

    [Test]
    public async Task TryComplete_WhenSavingThePasswordFailsAfterTheCodeWasSpent_PutsTheCodeBackAsItWasRead()
    {
        _userUpdate = _ => FakeMongoServer.Error(2, "BadValue");
        var (reset, user) = Resetting();

        Assert.That(async () => await CompleteAsync(reset, user), Throws.Exception);

        Assert.That(Server.CommandsNamed("delete").Any(c => c[0] == MongoStore.ResetsCollection), Is.True, "the code was spent first");
        var restored = Server.CommandsNamed("insert").Where(c => c[0] == MongoStore.ResetsCollection).Select(c => c["documents"][0].AsBsonDocument).ToList();
        Assert.That(restored, Has.Count.EqualTo(1), "and put back once the save failed");
        BsonRender.AssertSame(restored[0], PasswordResetDocument.FromDomain(reset).ToBsonDocument());
    }

    [Test]
    public async Task TryComplete_WhenANewerCodeWasIssuedMeanwhile_LeavesItAndAnswersTheSavesFailure()
    {
        _userUpdate = _ => FakeMongoServer.Error(2, "BadValue");
        _insert = _ => new BsonDocument
        {
            { "n", 0 },
            { "writeErrors", new BsonArray { new BsonDocument { { "index", 0 }, { "code", 11000 }, { "errmsg", "E11000 duplicate key error" } } } },
            { "ok", 1.0 },
        };
        var (reset, user) = Resetting();

        Assert.That(async () => await CompleteAsync(reset, user), Throws.Exception.Not.InstanceOf<MongoDB.Driver.MongoWriteException>());
    }

    [Test]
    public async Task TryComplete_WhenThePasswordIsSaved_DoesNotPutTheCodeBack()
    {
        var (reset, user) = Resetting();

        Assert.That(await CompleteAsync(reset, user), Is.True);

        Assert.That(Server.CommandsNamed("insert").Any(c => c[0] == MongoStore.ResetsCollection), Is.False);
    }

    private static (PasswordReset Reset, User User) Resetting()
    {
        var user = UserDocument.FromDomain(Users.New(), version: 1).ToDomain();
        var reset = PasswordReset.Issue(user.Id, "code-hash", Users.Epoch, TimeSpan.FromMinutes(15));
        user.ResetPassword(Users.Hash("after the reset"), Users.Epoch.AddMinutes(1));
        return (reset, user);
    }

    private async Task<bool> CompleteAsync(PasswordReset reset, User user)
    {
        await Store.EnsureIndexesAsync(CancellationToken.None);
        return await new MongoPasswordResetRepository(Store).TryCompleteAsync(reset, user, CancellationToken.None);
    }
}
