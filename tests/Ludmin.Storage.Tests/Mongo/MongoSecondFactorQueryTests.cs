using Ludmin.Domain.SecondFactors;
using Ludmin.Domain.Users;
using Ludmin.Infrastructure.Storage.Mongo;
using Ludmin.Storage.Tests.Contract;

namespace Ludmin.Storage.Tests.Mongo;

/// <summary>
/// What the second-factor repositories send, rendered to BSON (no MongoDB server here): every
/// change of a user's factors matches the version read, a step's wrong codes are counted with
/// <c>$inc</c>, and a pending enrolment carries the <c>expires_at</c> its TTL index removes it by.
/// </summary>
public sealed class MongoSecondFactorQueryTests
{
    private static readonly UserId Id = UserId.Parse("0190a1b2c3d4e5f60718293a4b5c6d7e");
    private static readonly SealedSecret Secret = SealedSecret.FromStored([1, 2, 3]);

    [Test]
    public void SaveAndDelete_MatchTheUserAndTheVersionRead() =>
        BsonRender.AssertSame(
            BsonRender.Filter(MongoSecondFactorRepository.AsRead(Id, 7)),
            """{ _id: "0190a1b2c3d4e5f60718293a4b5c6d7e", version: NumberLong(7) }""");

    [Test]
    public void Save_SetsEveryFieldAndMovesTheVersionOn()
    {
        var pending = SecondFactorSet.None.BeginTotpEnrolment(Secret, Users.Epoch);

        BsonRender.AssertSame(BsonRender.Update(MongoSecondFactorRepository.Write(SecondFactorDocument.FromDomain(Id, pending))), """
            {
              $set: {
                totp_secret: BinData(0, "AQID"),
                totp_state: "pending",
                enrolled_at: ISODate("2226-01-02T03:04:05.678Z"),
                activated_at: null,
                last_step: null,
                recovery_codes: [],
                expires_at: ISODate("2226-01-02T03:14:05.678Z")
              },
              $inc: { version: NumberLong(1) }
            }
            """);
    }

    [Test]
    public void ActiveFactor_HasNoExpiryAndKeepsItsStep()
    {
        var codes = RecoveryCodes.Issue(Enumerable.Range(0, RecoveryCodes.SetSize).Select(i => $"h{i}"));
        var active = SecondFactorSet.None.BeginTotpEnrolment(Secret, Users.Epoch).ActivateTotp(4242, codes, Users.Epoch.AddMinutes(1));

        var document = BsonRender.Document(SecondFactorDocument.FromDomain(Id, active));

        Assert.That(document["expires_at"].IsBsonNull, Is.True, "the TTL index never removes an active factor");
        Assert.That(document["last_step"].AsInt64, Is.EqualTo(4242));
        Assert.That(document["recovery_codes"].AsBsonArray, Has.Count.EqualTo(RecoveryCodes.SetSize));
        Assert.That(SecondFactorDocument.FromDomain(Id, active).ToDomain().Totp!.LastAcceptedStep, Is.EqualTo(4242));
    }

    [Test]
    public void WrongCode_IsCountedWithInc() =>
        BsonRender.AssertSame(BsonRender.Update(MongoSecondFactorChallengeRepository.WrongCode), """{ $inc: { failures: 1 } }""");

    [Test]
    public void SpentAndOpen_SplitAtTheFifthWrongCode()
    {
        BsonRender.AssertSame(BsonRender.Filter(MongoSecondFactorChallengeRepository.Spent("abc")), """{ _id: "abc", failures: { $gte: 5 } }""");
        BsonRender.AssertSame(BsonRender.Filter(MongoSecondFactorChallengeRepository.Open("abc")), """{ _id: "abc", failures: { $lt: 5 } }""");
    }

    [Test]
    public void Indexes_ExpirePendingEnrolmentsAndOpenSteps()
    {
        var expected = MongoIndexes.Expected.Where(i => i.Collection is MongoStore.SecondFactorsCollection or MongoStore.SecondFactorChallengesCollection).ToList();

        Assert.That(expected.Select(i => (i.Collection, i.Name)), Is.EquivalentTo(new[]
        {
            (MongoStore.SecondFactorsCollection, "expires_at_ttl"),
            (MongoStore.SecondFactorChallengesCollection, "expires_at_ttl"),
            (MongoStore.SecondFactorChallengesCollection, "user_id"),
        }));
    }
}
