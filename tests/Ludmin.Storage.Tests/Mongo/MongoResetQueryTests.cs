using Ludmin.Domain.PasswordResets;
using Ludmin.Domain.Users;
using Ludmin.Infrastructure.Storage.Mongo;
using Ludmin.Storage.Tests.Contract;

namespace Ludmin.Storage.Tests.Mongo;

/// <summary>What each reset-code method sends, rendered to BSON; docs/operations.md shows the same shapes.</summary>
public sealed class MongoResetQueryTests
{
    private static readonly UserId Id = UserId.Parse("0190a1b2c3d4e5f60718293a4b5c6d7e");

    private static readonly PasswordReset Read = PasswordReset.Restore(Id, "keyed-hash", Users.Epoch, Users.Epoch.AddMinutes(15), failedAttempts: 1, version: 3);

    [Test]
    public void FindAndReplace_FilterOnTheUserId() =>
        BsonRender.AssertSame(BsonRender.Filter(MongoPasswordResetRepository.ByUser(Id)), """{ _id: "0190a1b2c3d4e5f60718293a4b5c6d7e" }""");

    [Test]
    public void Replace_SetsEveryFieldAfreshAndMovesTheVersionOn()
    {
        var issued = PasswordReset.Issue(Id, "new-hash", Users.Epoch, TimeSpan.FromMinutes(15));

        BsonRender.AssertSame(BsonRender.Update(MongoPasswordResetRepository.Issue(issued)), """
            {
              $set: {
                code_hash: "new-hash",
                code_sealed: null,
                created_at: ISODate("2226-01-02T03:04:05.678Z"),
                expires_at: ISODate("2226-01-02T03:19:05.678Z"),
                failed_attempts: 0
              },
              $inc: { version: NumberLong(1) }
            }
            """);
    }

    [Test]
    public void UpdateAndConsume_FilterOnTheUserTheVersionAndTheCodeRead() =>
        BsonRender.AssertSame(
            BsonRender.Filter(MongoPasswordResetRepository.AsRead(Read)),
            """{ _id: "0190a1b2c3d4e5f60718293a4b5c6d7e", version: NumberLong(3), code_hash: "keyed-hash" }""");

    [Test]
    public void Update_SetsTheAttemptsAndMovesTheVersionOn()
    {
        var attempt = PasswordReset.Restore(Id, "keyed-hash", Users.Epoch, Users.Epoch.AddMinutes(15), failedAttempts: 1, version: 3);
        attempt.RecordFailedAttempt();

        BsonRender.AssertSame(
            BsonRender.Update(MongoPasswordResetRepository.FailedAttempt(attempt)),
            "{ $set: { failed_attempts: 2 }, $inc: { version: NumberLong(1) } }");
    }

    [Test]
    public void DeleteExpired_FiltersOnExpiryUpToNowInWholeMilliseconds() =>
        BsonRender.AssertSame(
            BsonRender.Filter(MongoPasswordResetRepository.ExpiredBy(Users.Epoch.AddTicks(9_999))),
            """{ expires_at: { $lte: ISODate("2226-01-02T03:04:05.678Z") } }""");

    [Test]
    public void CountRefusal_CountsOnInAnOpenWindowAndStartsAfreshAtOneOtherwise() =>
        BsonRender.AssertSame(BsonRender.Update(MongoPasswordResetRepository.CountRefusal(Users.Epoch, TimeSpan.FromMinutes(15))).AsBsonArray.Single(), """
            {
              $set: {
                refusals: { $cond: [{ $gt: [{ $ifNull: ["$expires_at", ISODate("0001-01-01T00:00:00Z")] }, ISODate("2226-01-02T03:04:05.678Z")] }, { $add: ["$refusals", 1] }, 1] },
                expires_at: { $cond: [{ $gt: [{ $ifNull: ["$expires_at", ISODate("0001-01-01T00:00:00Z")] }, ISODate("2226-01-02T03:04:05.678Z")] }, "$expires_at", ISODate("2226-01-02T03:19:05.678Z")] }
              }
            }
            """);

    [Test]
    public void WrongTry_CountsOnTheGuessedCodeWhateverItsVersion()
    {
        var guessed = PasswordReset.Restore(Id, "guessed-hash", Users.Epoch, Users.Epoch.AddMinutes(15), failedAttempts: 2, version: 7);

        BsonRender.AssertSame(BsonRender.Filter(MongoPasswordResetRepository.ByCode(guessed)), $$"""{ _id: "{{Id}}", code_hash: "guessed-hash" }""");
        BsonRender.AssertSame(BsonRender.Update(MongoPasswordResetRepository.WrongTry), "{ $inc: { failed_attempts: 1, version: NumberLong(1) } }");
    }

    [Test]
    public void OpenWindowOf_FindsTheAddressOnlyWhileItsWindowIsOpen() =>
        BsonRender.AssertSame(
            BsonRender.Filter(MongoPasswordResetRepository.OpenWindowOf("192.0.2.10", Users.Epoch)),
            """{ _id: "192.0.2.10", expires_at: { $gt: ISODate("2226-01-02T03:04:05.678Z") } }""");
}
