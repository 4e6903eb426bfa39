using Ludmin.Domain.Users;
using Ludmin.Infrastructure.Storage.Mongo;
using Ludmin.Storage.Tests.Contract;

namespace Ludmin.Storage.Tests.Mongo;

/// <summary>
/// A change of address or password removes the user's reset code around the user's update (before
/// it and again after it, as a deletion does), seen on the wire; any other save leaves it alone.
/// </summary>
public sealed class MongoResetVoidingWireTests : FakeMongoStoreTestBase
{
    [Test]
    public async Task Update_WhenTheAddressChanges_DeletesTheResetCodeBeforeAndAfterTheUserUpdate()
    {
        var user = Users.New();
        user.ChangeEmail(EmailAddress.Create(Users.UniqueEmail("moved")), Users.Epoch.AddDays(1));

        await UpdateAsync(user);

        AssertResetDeletedAroundTheUpdate(user.Id);
    }

    [Test]
    public async Task Update_WhenThePasswordChanges_DeletesTheResetCodeBeforeAndAfterTheUserUpdate()
    {
        var user = Users.New();
        user.ChangePassword(Users.Hash("second"), keepDevice: null, Users.Epoch.AddDays(1));

        await UpdateAsync(user);

        AssertResetDeletedAroundTheUpdate(user.Id);
    }

    [Test]
    public async Task Update_WhenOnlyTheNameChanges_DeletesNoResetCode()
    {
        var user = Users.New();
        user.Rename(FullName.Create("Ann Other"), Users.Epoch.AddDays(1));

        await UpdateAsync(user);

        Assert.That(Server.CommandsNamed("delete"), Is.Empty);
    }

    private async Task UpdateAsync(User user)
    {
        await Store.EnsureIndexesAsync(CancellationToken.None);
        await new MongoUserRepository(Store).UpdateAsync(user, CancellationToken.None);
    }

    private void AssertResetDeletedAroundTheUpdate(UserId id)
    {
        var writes = Server.Commands
            .Where(c => c.GetElement(0).Name is "update" or "delete")
            .Select(c => $"{c.GetElement(0).Name} {c.GetElement(0).Value.AsString}")
            .ToList();
        Assert.That(writes, Is.EqualTo(new[] { $"delete {MongoStore.ResetsCollection}", $"update {MongoStore.UsersCollection}", $"delete {MongoStore.ResetsCollection}" }));
        foreach (var delete in Server.CommandsNamed("delete"))
        {
            BsonRender.AssertSame(delete["deletes"][0]["q"], $$"""{ _id: "{{id}}" }""");
        }
    }
}
