using Ludmin.Domain.Common;
using Ludmin.Domain.SecondFactors;
using Ludmin.Domain.Users;

namespace Ludmin.Storage.Tests.Contract;

/// <summary>
/// Second factors (issue 19): the factor, the pending enrolment and the last accepted step kept
/// whole, every change a compare-and-set, expiry of pending enrolments and of the second steps of
/// logins, and both gone with the account.
/// </summary>
public abstract partial class StorageContract
{
    private static readonly SealedSecret Secret = SealedSecret.FromStored([1, 2, 3, 4, 5, 6, 7, 8]);

    [Test]
    public async Task SecondFactors_PendingThenActive_RoundTripWithStepCodesAndVersion()
    {
        var user = await StoredUserAsync();
        Assert.That((await FactorStore.FindAsync(user.Id, CancellationToken.None)).Version, Is.Zero, "nothing stored");

        await FactorStore.SaveAsync(user.Id, SecondFactorSet.None.BeginTotpEnrolment(Secret, Users.Epoch), Users.Epoch, CancellationToken.None);
        var pending = await FactorStore.FindAsync(user.Id, CancellationToken.None);
        Assert.That(pending.Totp!.State, Is.EqualTo(TotpFactorState.Pending));
        Assert.That(pending.Totp.Secret, Is.EqualTo(Secret));
        Assert.That(pending.Totp.PendingUntil, Is.EqualTo(Users.Epoch + TotpFactor.PendingLifetime));

        await FactorStore.SaveAsync(user.Id, pending.ActivateTotp(1234, Codes("a"), Users.Epoch.AddMinutes(1)), Users.Epoch, CancellationToken.None);
        var active = await FactorStore.FindAsync(user.Id, CancellationToken.None);

        Assert.That(active.HasActiveFactor, Is.True);
        Assert.That(active.Totp!.LastAcceptedStep, Is.EqualTo(1234));
        Assert.That(active.RecoveryCodes.Hashes, Is.EqualTo(Codes("a").Hashes));
        Assert.That(active.Version, Is.GreaterThan(pending.Version));
    }

    [Test]
    public async Task SecondFactors_TwoStepsFromOneRead_OnlyTheFirstIsStored()
    {
        var user = await StoredUserAsync();
        var read = await ActiveFactorsAsync(user.Id);

        await FactorStore.SaveAsync(user.Id, read.PassTotp(1001), Users.Epoch, CancellationToken.None);

        Assert.That(
            async () => await FactorStore.SaveAsync(user.Id, read.PassTotp(1001), Users.Epoch, CancellationToken.None),
            Throws.TypeOf<ConcurrencyException>());
        Assert.That((await FactorStore.FindAsync(user.Id, CancellationToken.None)).Totp!.LastAcceptedStep, Is.EqualTo(1001));
    }

    [Test]
    public async Task SecondFactors_ManyRacingFromOneRead_ExactlyOneWins()
    {
        var user = await StoredUserAsync();
        var read = await ActiveFactorsAsync(user.Id);

        var outcomes = await Task.WhenAll(Enumerable.Range(0, 8).Select(async i =>
        {
            try
            {
                await FactorStore.SaveAsync(user.Id, read.UseRecoveryCode(read.RecoveryCodes.Hashes[i]), Users.Epoch, CancellationToken.None);
                return true;
            }
            catch (ConcurrencyException)
            {
                return false;
            }
        }));

        Assert.That(outcomes.Count(won => won), Is.EqualTo(1));
        Assert.That((await FactorStore.FindAsync(user.Id, CancellationToken.None)).RecoveryCodes.Left, Is.EqualTo(RecoveryCodes.SetSize - 1));
    }

    [Test]
    public async Task SecondFactors_TwoFirstEnrolments_OnlyOneIsStored()
    {
        var user = await StoredUserAsync();
        await FactorStore.SaveAsync(user.Id, SecondFactorSet.None.BeginTotpEnrolment(Secret, Users.Epoch), Users.Epoch, CancellationToken.None);

        Assert.That(
            async () => await FactorStore.SaveAsync(user.Id, SecondFactorSet.None.BeginTotpEnrolment(Secret, Users.Epoch), Users.Epoch, CancellationToken.None),
            Throws.TypeOf<ConcurrencyException>());
    }

    [Test]
    public async Task SecondFactors_Removed_LeaveNothingStored()
    {
        var user = await StoredUserAsync();
        var active = await ActiveFactorsAsync(user.Id);

        await FactorStore.SaveAsync(user.Id, active.RemoveTotp(), Users.Epoch, CancellationToken.None);

        var after = await FactorStore.FindAsync(user.Id, CancellationToken.None);
        Assert.That(after.Totp, Is.Null);
        Assert.That(after.Version, Is.Zero);
    }

    [Test]
    public async Task SecondFactors_DeleteExpired_RemovesPendingEnrolmentsPastTheirTimeOnly()
    {
        var pendingUser = await StoredUserAsync();
        var activeUser = await StoredUserAsync();
        await FactorStore.SaveAsync(pendingUser.Id, SecondFactorSet.None.BeginTotpEnrolment(Secret, Users.Epoch), Users.Epoch, CancellationToken.None);
        await ActiveFactorsAsync(activeUser.Id);

        var removed = await FactorStore.DeleteExpiredAsync(Users.Epoch + TotpFactor.PendingLifetime, CancellationToken.None);

        Assert.That(removed, Is.EqualTo(1));
        Assert.That((await FactorStore.FindAsync(pendingUser.Id, CancellationToken.None)).Totp, Is.Null);
        Assert.That((await FactorStore.FindAsync(activeUser.Id, CancellationToken.None)).HasActiveFactor, Is.True);
    }

    [Test]
    public async Task Challenges_TheFifthWrongCode_SpendsTheStep()
    {
        var user = await StoredUserAsync();
        var challenge = SecondFactorChallenge.Open(user.Id, DeviceId.New(), DeviceDescription.Create("Phone"), Users.Epoch);
        await SecondFactorChallengeStore.AddAsync(challenge, CancellationToken.None);
        Assert.That(await SecondFactorChallengeStore.FindAsync(challenge.Id, CancellationToken.None), Is.EqualTo(challenge));

        var spent = new List<bool>();
        for (var i = 0; i < SecondFactorChallenge.MaxFailures; i++)
        {
            spent.Add(await SecondFactorChallengeStore.RecordFailureAsync(challenge.Id, CancellationToken.None));
        }

        Assert.That(spent, Is.EqualTo(new[] { false, false, false, false, true }));
        Assert.That(await SecondFactorChallengeStore.FindAsync(challenge.Id, CancellationToken.None), Is.Null);
        Assert.That(await SecondFactorChallengeStore.TryConsumeAsync(challenge.Id, CancellationToken.None), Is.False);
    }

    [Test]
    public async Task Challenges_RacingWrongCodes_AreAllCounted()
    {
        var user = await StoredUserAsync();
        var challenge = SecondFactorChallenge.Open(user.Id, DeviceId.New(), DeviceDescription.Empty, Users.Epoch);
        await SecondFactorChallengeStore.AddAsync(challenge, CancellationToken.None);

        await Task.WhenAll(Enumerable.Range(0, 3).Select(_ => SecondFactorChallengeStore.RecordFailureAsync(challenge.Id, CancellationToken.None)));

        Assert.That((await SecondFactorChallengeStore.FindAsync(challenge.Id, CancellationToken.None))!.Failures, Is.EqualTo(3));
    }

    [Test]
    public async Task Challenges_Consumed_OnceOnly()
    {
        var user = await StoredUserAsync();
        var challenge = SecondFactorChallenge.Open(user.Id, DeviceId.New(), DeviceDescription.Empty, Users.Epoch);
        await SecondFactorChallengeStore.AddAsync(challenge, CancellationToken.None);

        var outcomes = await Task.WhenAll(SecondFactorChallengeStore.TryConsumeAsync(challenge.Id, CancellationToken.None), SecondFactorChallengeStore.TryConsumeAsync(challenge.Id, CancellationToken.None));

        Assert.That(outcomes.Count(consumed => consumed), Is.EqualTo(1));
    }

    [Test]
    public async Task Challenges_DeleteExpired_RemovesThoseOverOnly()
    {
        var user = await StoredUserAsync();
        var old = SecondFactorChallenge.Open(user.Id, DeviceId.New(), DeviceDescription.Empty, Users.Epoch);
        var fresh = SecondFactorChallenge.Open(user.Id, DeviceId.New(), DeviceDescription.Empty, Users.Epoch.AddMinutes(4));
        await SecondFactorChallengeStore.AddAsync(old, CancellationToken.None);
        await SecondFactorChallengeStore.AddAsync(fresh, CancellationToken.None);

        await SecondFactorChallengeStore.DeleteExpiredAsync(Users.Epoch + SecondFactorChallenge.Lifetime, CancellationToken.None);

        Assert.That(await SecondFactorChallengeStore.FindAsync(old.Id, CancellationToken.None), Is.Null);
        Assert.That(await SecondFactorChallengeStore.FindAsync(fresh.Id, CancellationToken.None), Is.Not.Null);
    }

    [Test]
    public async Task Delete_RemovesTheUsersSecondFactorsAndOpenSteps()
    {
        var user = await StoredUserAsync();
        await ActiveFactorsAsync(user.Id);
        var challenge = SecondFactorChallenge.Open(user.Id, DeviceId.New(), DeviceDescription.Empty, Users.Epoch);
        await SecondFactorChallengeStore.AddAsync(challenge, CancellationToken.None);

        await UserStore.DeleteAsync(user.Id, CancellationToken.None);

        Assert.That((await FactorStore.FindAsync(user.Id, CancellationToken.None)).Totp, Is.Null);
        Assert.That(await SecondFactorChallengeStore.FindAsync(challenge.Id, CancellationToken.None), Is.Null);
    }

    private static RecoveryCodes Codes(string prefix) => RecoveryCodes.Issue(Enumerable.Range(0, RecoveryCodes.SetSize).Select(i => $"{prefix}-hash-{i}"));

    private async Task<SecondFactorSet> ActiveFactorsAsync(UserId userId)
    {
        await FactorStore.SaveAsync(userId, SecondFactorSet.None.BeginTotpEnrolment(Secret, Users.Epoch), Users.Epoch, CancellationToken.None);
        var pending = await FactorStore.FindAsync(userId, CancellationToken.None);
        await FactorStore.SaveAsync(userId, pending.ActivateTotp(1000, Codes("x"), Users.Epoch.AddMinutes(1)), Users.Epoch, CancellationToken.None);
        return await FactorStore.FindAsync(userId, CancellationToken.None);
    }
}
