using Ludmin.Domain.Users;
using Ludmin.Infrastructure.Storage.Mongo;
using Ludmin.Storage.Tests.Contract;

namespace Ludmin.Storage.Tests.Mongo;

/// <summary>
/// The writes that close an account, rendered without a server: a non-master goes in one delete
/// conditioned on not being a master; a master is marked, the unmarked other masters counted, and
/// deleted only under its own mark; the throttles go by every address the deleted user held.
/// </summary>
public sealed class MongoUserDeletionTests
{
    private static readonly UserId Id = UserId.Parse("0190a1b2c3d4e5f60718293a4b5c6d7e");

    [Test]
    public void NotAMaster_DeletesOnlyWhileTheStoredUserIsNoMaster() =>
        BsonRender.AssertSame(BsonRender.Filter(MongoUserDeletion.NotAMaster(Id)), """{ _id: "0190a1b2c3d4e5f60718293a4b5c6d7e", is_master: false }""");

    [Test]
    public void Mark_SetsTheDeletionTokenOnTheMasterOnly()
    {
        BsonRender.AssertSame(BsonRender.Filter(MongoUserDeletion.MasterToMark(Id)), """{ _id: "0190a1b2c3d4e5f60718293a4b5c6d7e", is_master: true }""");
        BsonRender.AssertSame(BsonRender.Update(MongoUserDeletion.Mark("t1")), """{ $set: { deleting: "t1" } }""");
        BsonRender.AssertSame(BsonRender.Update(MongoUserDeletion.Unmark), """{ $unset: { deleting: 1 } }""");
    }

    [Test]
    public void OtherMasters_LeavesOutTheUserAndWithoutMarkedOnesTheMastersBeingDeleted()
    {
        BsonRender.AssertSame(
            BsonRender.Filter(MongoUserDeletion.OtherMasters(Id, includeMarked: false)),
            """{ is_master: true, _id: { $ne: "0190a1b2c3d4e5f60718293a4b5c6d7e" }, deleting: { $exists: false } }""");
        BsonRender.AssertSame(
            BsonRender.Filter(MongoUserDeletion.OtherMasters(Id, includeMarked: true)),
            """{ is_master: true, _id: { $ne: "0190a1b2c3d4e5f60718293a4b5c6d7e" } }""");
    }

    [Test]
    public void MarkedBy_DeletesOnlyUnderThisDeletionsOwnMark() =>
        BsonRender.AssertSame(
            BsonRender.Filter(MongoUserDeletion.MarkedBy(Id, "t1")),
            """{ _id: "0190a1b2c3d4e5f60718293a4b5c6d7e", deleting: "t1" }""");

    [Test]
    public void ThrottlesOf_NamesEveryAddressInTheHistoryNormalizedAndTheAccountsCurrentPasswordCount()
    {
        var user = Users.New("First@Example.com");
        user.ChangeEmail(EmailAddress.Create("Second@Example.com"), Users.Epoch.AddDays(1));

        BsonRender.AssertSame(
            BsonRender.Filter(MongoUserDeletion.ThrottlesOf(UserDocument.FromDomain(user, 0))),
            $$"""{ _id: { $in: ["first@example.com", "second@example.com", "current_password:{{user.Id.Value}}"] } }""");
    }

    [Test]
    public void Mark_IsAnElementUserDocumentsDoNotMap_SoReadsSkipIt() =>
        Assert.That(BsonRender.Document(UserDocument.FromDomain(Users.New(), 0)).Names, Does.Not.Contain(MongoUserDeletion.DeletingElement));
}
