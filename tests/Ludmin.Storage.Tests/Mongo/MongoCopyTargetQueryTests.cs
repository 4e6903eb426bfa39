using Ludmin.Domain.PasswordResets;
using Ludmin.Domain.Users;
using Ludmin.Infrastructure.Storage.Mongo;
using Ludmin.Storage.Tests.Contract;

namespace Ludmin.Storage.Tests.Mongo;

/// <summary>The upserts copy-store sends to MongoDB match only what is not newer than the copy.</summary>
public sealed class MongoCopyTargetQueryTests
{
    [Test]
    public void UserUpsert_MatchesTheIdAtNoHigherVersion()
    {
        var user = User.Restore(
            UserId.Parse("0190a1b2c3d4e5f60718293a4b5c6d7e"), FullName.Create("Ann Lee"), Users.New().Emails, Users.Hash("h"), [], [], false, Users.Epoch, Users.Epoch, version: 2);

        BsonRender.AssertSame(
            BsonRender.Filter(MongoStoreCopyTarget.UserNotNewerThan(user)),
            """{ _id: "0190a1b2c3d4e5f60718293a4b5c6d7e", version: { $lte: NumberLong(2) } }""");
    }

    [Test]
    public void ResetUpsert_MatchesTheUsersCodeIssuedNoLater()
    {
        var reset = PasswordReset.Restore(UserId.Parse("0190a1b2c3d4e5f60718293a4b5c6d7e"), "h", Users.Epoch, Users.Epoch.AddMinutes(15), 0, 1);

        BsonRender.AssertSame(
            BsonRender.Filter(MongoStoreCopyTarget.ResetNotNewerThan(reset)),
            """{ _id: "0190a1b2c3d4e5f60718293a4b5c6d7e", created_at: { $lte: ISODate("2226-01-02T03:04:05.678Z") } }""");
    }
}
