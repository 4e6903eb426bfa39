using System.Security.Cryptography;
using Ludmin.Domain.Common;
using Ludmin.Domain.Passkeys;
using Ludmin.Domain.Users;

namespace Ludmin.Storage.Tests.Contract;

/// <summary>
/// Passkeys and their ceremonies' challenges: a credential id is one user's, decided by the store;
/// a use or a rename from a stale read loses; a closed account's passkeys go with it; a challenge
/// is handed out once.
/// </summary>
public abstract partial class StorageContract
{
    [Test]
    public async Task Passkey_AddThenFind_ReturnsTheSameState_ByIdAndByCredential()
    {
        var user = await StoredUserAsync();
        var passkey = NewPasskey(user.Id, backupEligible: true);

        await PasskeyStore.AddAsync(passkey, CancellationToken.None);

        foreach (var found in new[]
        {
            await PasskeyStore.FindAsync(user.Id, passkey.Id, CancellationToken.None),
            await PasskeyStore.FindByCredentialAsync(passkey.CredentialId, CancellationToken.None),
            (await PasskeyStore.ListAsync(user.Id, CancellationToken.None)).Single(),
        })
        {
            SamePasskey(found, passkey);
        }
    }

    [Test]
    public async Task Passkey_WithACredentialIdAnyUserHas_IsRefusedAsInUse()
    {
        var owner = await StoredUserAsync();
        var other = await StoredUserAsync();
        var first = NewPasskey(owner.Id);
        await PasskeyStore.AddAsync(first, CancellationToken.None);

        foreach (var userId in new[] { other.Id, owner.Id })
        {
            var copy = NewPasskey(userId, first.CredentialId);
            var refused = Assert.ThrowsAsync<DomainException>(async () => await PasskeyStore.AddAsync(copy, CancellationToken.None));
            Assert.That(refused!.Error, Is.EqualTo(Errors.PasskeyInUse));
        }

        Assert.That(await PasskeyStore.ListAsync(other.Id, CancellationToken.None), Is.Empty);
    }

    [Test]
    public async Task Passkey_ForAUserWhoIsGone_IsRefused()
    {
        var refused = Assert.ThrowsAsync<DomainException>(async () => await PasskeyStore.AddAsync(NewPasskey(UserId.New()), CancellationToken.None));

        Assert.That(refused!.Error, Is.EqualTo(Errors.UserNotFound));
    }

    [Test]
    public async Task Passkey_UseThenRename_AreSaved_AndAStaleSaveLoses()
    {
        var user = await StoredUserAsync();
        var passkey = NewPasskey(user.Id, backupEligible: true);
        await PasskeyStore.AddAsync(passkey, CancellationToken.None);
        var used = (await PasskeyStore.FindByCredentialAsync(passkey.CredentialId, CancellationToken.None))!;
        var stale = (await PasskeyStore.FindByCredentialAsync(passkey.CredentialId, CancellationToken.None))!;

        used.RecordUse(7, backedUp: true, Later);
        await PasskeyStore.UpdateAsync(used, CancellationToken.None);
        stale.Rename(PasskeyName.Create("Stale"));

        Assert.ThrowsAsync<ConcurrencyException>(async () => await PasskeyStore.UpdateAsync(stale, CancellationToken.None));
        var stored = await PasskeyStore.FindAsync(user.Id, passkey.Id, CancellationToken.None);
        SamePasskey(stored, used);
        Assert.That(stored!.SignCount, Is.EqualTo(7));
        Assert.That(stored.LastUsed, Is.EqualTo(Later));
        Assert.That(stored.BackedUp, Is.True);

        stored.Rename(PasskeyName.Create("Renamed"));
        await PasskeyStore.UpdateAsync(stored, CancellationToken.None);
        Assert.That((await PasskeyStore.FindAsync(user.Id, passkey.Id, CancellationToken.None))!.Name.Value, Is.EqualTo("Renamed"));
    }

    [Test]
    public async Task Passkey_Delete_RemovesOnlyTheOwnersPasskey()
    {
        var owner = await StoredUserAsync();
        var other = await StoredUserAsync();
        var passkey = NewPasskey(owner.Id);
        await PasskeyStore.AddAsync(passkey, CancellationToken.None);

        Assert.That(await PasskeyStore.DeleteAsync(other.Id, passkey.Id, CancellationToken.None), Is.False);
        Assert.That(await PasskeyStore.DeleteAsync(owner.Id, passkey.Id, CancellationToken.None), Is.True);
        Assert.That(await PasskeyStore.FindByCredentialAsync(passkey.CredentialId, CancellationToken.None), Is.Null);
        Assert.That(await PasskeyStore.DeleteAsync(owner.Id, passkey.Id, CancellationToken.None), Is.False);
    }

    [Test]
    public async Task Passkeys_ListedOldestFirst_AndCountedPerUser()
    {
        var ann = await StoredUserAsync();
        var bob = await StoredUserAsync();
        var nobody = await StoredUserAsync();
        var second = NewPasskey(ann.Id, at: Later);
        var first = NewPasskey(ann.Id);
        await PasskeyStore.AddAsync(second, CancellationToken.None);
        await PasskeyStore.AddAsync(first, CancellationToken.None);
        await PasskeyStore.AddAsync(NewPasskey(bob.Id), CancellationToken.None);

        var listed = await PasskeyStore.ListAsync(ann.Id, CancellationToken.None);
        var counts = await PasskeyStore.CountByUserAsync([ann.Id, bob.Id, nobody.Id], CancellationToken.None);

        Assert.That(listed.Select(p => p.Id), Is.EqualTo(new[] { first.Id, second.Id }));
        Assert.That(counts, Is.EquivalentTo(new Dictionary<UserId, int> { [ann.Id] = 2, [bob.Id] = 1 }));
    }

    [Test]
    public async Task Passkeys_OfADeletedUser_GoWithTheAccount_AndTheCredentialIsFreeAgain()
    {
        var user = await StoredUserAsync();
        var passkey = NewPasskey(user.Id);
        await PasskeyStore.AddAsync(passkey, CancellationToken.None);
        await ChallengeStore.AddAsync(PasskeyChallenge.Issue("challenge-of-the-deleted", CeremonyPurpose.Register, DeviceId.New(), user.Id, "{}", Users.Epoch), CancellationToken.None);

        await UserStore.DeleteAsync(user.Id, CancellationToken.None);

        Assert.That(await PasskeyStore.FindByCredentialAsync(passkey.CredentialId, CancellationToken.None), Is.Null);
        Assert.That(await ChallengeStore.TakeAsync("challenge-of-the-deleted", CancellationToken.None), Is.Null);
        var newcomer = await StoredUserAsync();
        await PasskeyStore.AddAsync(NewPasskey(newcomer.Id, passkey.CredentialId), CancellationToken.None);
    }

    [Test]
    public async Task Challenge_IsTakenOnce_WithWhatItWasIssuedFor()
    {
        var user = await StoredUserAsync();
        var device = DeviceId.New();
        var challenge = PasskeyChallenge.Issue("challenge-once", CeremonyPurpose.SecondFactor, device, user.Id, """{"challenge":"x"}""", Users.Epoch);
        await ChallengeStore.AddAsync(challenge, CancellationToken.None);

        var taken = await ChallengeStore.TakeAsync("challenge-once", CancellationToken.None);
        var again = await ChallengeStore.TakeAsync("challenge-once", CancellationToken.None);

        Assert.That(taken, Is.Not.Null);
        Assert.That(again, Is.Null);
        Assert.That((taken!.Challenge, taken.Purpose, taken.DeviceId, taken.UserId, taken.OptionsJson, taken.ExpiresAt),
            Is.EqualTo((challenge.Challenge, challenge.Purpose, challenge.DeviceId, challenge.UserId, challenge.OptionsJson, challenge.ExpiresAt)));
    }

    [Test]
    public async Task Challenge_TakenByRacingAnswers_GoesToOneOfThem()
    {
        await ChallengeStore.AddAsync(PasskeyChallenge.Issue("challenge-raced", CeremonyPurpose.SignIn, DeviceId.New(), null, "{}", Users.Epoch), CancellationToken.None);

        var takes = await Task.WhenAll(Enumerable.Range(0, 8).Select(_ => ChallengeStore.TakeAsync("challenge-raced", CancellationToken.None)));

        Assert.That(takes.Count(t => t is not null), Is.EqualTo(1));
    }

    [Test]
    public async Task Challenges_Expired_AreSweptAndLiveOnesKept()
    {
        await ChallengeStore.AddAsync(PasskeyChallenge.Issue("challenge-old", CeremonyPurpose.SignIn, DeviceId.New(), null, "{}", Users.Epoch), CancellationToken.None);
        await ChallengeStore.AddAsync(PasskeyChallenge.Issue("challenge-new", CeremonyPurpose.SignIn, DeviceId.New(), null, "{}", Users.Epoch.AddMinutes(4)), CancellationToken.None);

        var removed = await ChallengeStore.DeleteExpiredAsync(Users.Epoch + PasskeyChallenge.Lifetime, CancellationToken.None);

        Assert.That(removed, Is.EqualTo(1));
        Assert.That(await ChallengeStore.TakeAsync("challenge-old", CancellationToken.None), Is.Null);
        Assert.That(await ChallengeStore.TakeAsync("challenge-new", CancellationToken.None), Is.Not.Null);
    }

    private static Passkey NewPasskey(UserId userId, CredentialId? credentialId = null, bool backupEligible = false, DateTimeOffset? at = null) =>
        Passkey.Register(
            userId,
            credentialId ?? CredentialId.FromBytes(RandomNumberGenerator.GetBytes(32)),
            RandomNumberGenerator.GetBytes(77),
            PasskeyName.Create("Phone"),
            signCount: 3,
            backupEligible,
            backedUp: false,
            at ?? Users.Epoch);

    private static void SamePasskey(Passkey? actual, Passkey expected)
    {
        Assert.That(actual, Is.Not.Null);
        using (Assert.EnterMultipleScope())
        {
            Assert.That(actual!.Id, Is.EqualTo(expected.Id));
            Assert.That(actual.UserId, Is.EqualTo(expected.UserId));
            Assert.That(actual.CredentialId, Is.EqualTo(expected.CredentialId));
            Assert.That(actual.PublicKey, Is.EqualTo(expected.PublicKey));
            Assert.That(actual.UserHandle, Is.EqualTo(expected.UserHandle));
            Assert.That(actual.Name, Is.EqualTo(expected.Name));
            Assert.That(actual.SignCount, Is.EqualTo(expected.SignCount));
            Assert.That(actual.BackupEligible, Is.EqualTo(expected.BackupEligible));
            Assert.That(actual.BackedUp, Is.EqualTo(expected.BackedUp));
            Assert.That(actual.CreatedAt, Is.EqualTo(expected.CreatedAt));
            Assert.That(actual.LastUsed, Is.EqualTo(expected.LastUsed));
            Assert.That(actual.Version, Is.EqualTo(expected.Version));
        }
    }
}
