using System.Security.Cryptography;
using Ludmin.Domain.Passkeys;
using Ludmin.Domain.PasswordResets;
using Ludmin.Domain.Users;
using Ludmin.Infrastructure.Storage.Copying;
using Ludmin.Infrastructure.Storage.Sqlite;
using Ludmin.Storage.Tests.Contract;

namespace Ludmin.Storage.Tests.Copying;

/// <summary>
/// What copy-store must do for every target, written once: the source is always a real SQLite
/// file; each fixture says how to make a fresh target.
/// </summary>
public abstract class StoreCopyContract
{
    private const int PageSize = 3;

    private string _folder = null!;
    private SqliteDatabase _source = null!;
    private ICopyTargetUnderTest _target = null!;

    private IUserRepository SourceUsers => new SqliteUserRepository(_source);

    private IPasswordResetRepository SourceResets => new SqlitePasswordResetRepository(_source);

    private protected abstract Task<ICopyTargetUnderTest> CreateTargetAsync();

    [SetUp]
    public async Task CreateStores()
    {
        _folder = Directory.CreateTempSubdirectory("ludmin-copy-").FullName;
        _source = new SqliteDatabase(Path.Combine(_folder, "source.db"), readerThreads: 2);
        await _source.InitializeAsync(CancellationToken.None);
        _target = await CreateTargetAsync();
    }

    [TearDown]
    public async Task DisposeStores()
    {
        await _target.DisposeAsync();
        _source.Dispose();
        Directory.Delete(_folder, recursive: true);
    }

    [Test]
    public async Task Copy_CopiesEveryUserAndLiveCode_AndTheCountsAgree()
    {
        var users = await SeedUsersAsync(7);
        var codes = await SeedCodesAsync(users.Take(3));

        var report = await CopyAsync();

        await AssertTargetHoldsAsync(users, codes);
        Assert.That(report, Is.EqualTo(new StoreCopyReport(7, 0, 3, 0, 0, 7, 7, 3, 3)));
        Assert.That(report.CountsMatch, Is.True);
    }

    [Test]
    public async Task Copy_CarriesImportedUsersWithTheirForeignHashes()
    {
        var users = new List<User>
        {
            User.Import(UserId.New(), FullName.Create("Imported Ivy"), EmailAddress.Create(Users.UniqueEmail("imported")), true,
                PasswordHash.Imported("bcrypt", "$2b$04$q5EnWlLobE4BFX90fV/Af.2YMfxMhvPLg8q1Ym2fD1gVSFAcCg4QO"), Users.Epoch.AddDays(-9), Users.Epoch),
            User.Import(UserId.New(), FullName.Create("Imported Ida"), EmailAddress.Create(Users.UniqueEmail("imported")), false,
                PasswordHash.NoPassword, null, Users.Epoch),
        };
        Assert.That(await SourceUsers.ImportAsync(users, CancellationToken.None), Is.All.True);

        var report = await CopyAsync();

        await AssertTargetHoldsAsync(users, []);
        Assert.That(await _target.Users.CountImportedHashesAsync(CancellationToken.None), Is.EquivalentTo(new Dictionary<string, long> { ["bcrypt"] = 1, ["none"] = 1 }));
        Assert.That(report.CountsMatch, Is.True);
    }

    [Test]
    public async Task Copy_LeavesExpiredCodesBehind()
    {
        var users = await SeedUsersAsync(2);
        await SourceResets.ReplaceAsync(PasswordReset.Issue(users[0].Id, "expired", DateTimeOffset.UtcNow.AddHours(-2), TimeSpan.FromMinutes(15)), CancellationToken.None);
        var live = await SeedCodesAsync(users.Skip(1));

        var report = await CopyAsync();

        Assert.That(await _target.Resets.FindAsync(users[0].Id, CancellationToken.None), Is.Null);
        await AssertTargetHoldsAsync(users, live);
        Assert.That(report.ResetsCopied, Is.EqualTo(1));
        Assert.That(report.CountsMatch, Is.True);
    }

    [Test]
    public async Task Copy_RunTwice_LeavesTheTargetAsTheFirstRunDid()
    {
        var users = await SeedUsersAsync(5);
        var codes = await SeedCodesAsync(users.Take(2));
        await CopyAsync();

        var second = await CopyAsync();

        await AssertTargetHoldsAsync(users, codes);
        Assert.That(second.CountsMatch, Is.True);
        Assert.That((second.TargetUsers, second.TargetResets), Is.EqualTo((5L, 2L)));
        Assert.That(second.UsersKeptNewer, Is.Zero, "the same versions are no newer");
    }

    [Test]
    public async Task Copy_AfterAFailureInTheMiddle_ConvergesWhenRunAgain()
    {
        var users = await SeedUsersAsync(7);
        var codes = await SeedCodesAsync(users.Skip(4));

        Assert.ThrowsAsync<IOException>(() => CopyAsync(new FailingCopyTarget(_target.Target, userPagesBeforeFailure: 1)));
        Assert.That(await _target.Target.CountUsersAsync(CancellationToken.None), Is.EqualTo(PageSize), "the first page made it before the failure");

        var resumed = await CopyAsync();

        await AssertTargetHoldsAsync(users, codes);
        Assert.That(resumed.CountsMatch, Is.True);
    }

    [Test]
    public async Task Copy_AfterTheSourceChanged_CarriesTheChangeOver()
    {
        var users = await SeedUsersAsync(2);
        await CopyAsync();
        var changed = (await SourceUsers.FindByIdAsync(users[0].Id, CancellationToken.None))!;
        changed.Rename(FullName.Create("Renamed Since"), Users.Epoch.AddDays(2));
        changed.Logout(changed.Devices[0].DeviceId);
        await SourceUsers.UpdateAsync(changed, CancellationToken.None);

        await CopyAsync();

        var copied = await _target.Users.FindByIdAsync(users[0].Id, CancellationToken.None);
        UserAssert.SameState(copied, (await SourceUsers.FindByIdAsync(users[0].Id, CancellationToken.None))!);
        Assert.That(copied!.Version, Is.EqualTo(changed.Version + 1));
    }

    [Test]
    public async Task Copy_WhenTheTargetHoldsANewerVersion_KeepsIt()
    {
        var users = await SeedUsersAsync(2);
        await CopyAsync();
        var moved = (await _target.Users.FindByIdAsync(users[1].Id, CancellationToken.None))!;
        moved.Rename(FullName.Create("Changed In Target"), Users.Epoch.AddDays(3));
        await _target.Users.UpdateAsync(moved, CancellationToken.None);

        var report = await CopyAsync();

        var kept = await _target.Users.FindByIdAsync(users[1].Id, CancellationToken.None);
        Assert.That(kept!.FullName.Value, Is.EqualTo("Changed In Target"));
        Assert.That(report.UsersKeptNewer, Is.EqualTo(1));
        Assert.That(report.UsersCopied, Is.EqualTo(1));
    }

    [Test]
    public async Task Copy_WhenTheTargetHoldsALaterCode_KeepsIt()
    {
        var users = await SeedUsersAsync(1);
        await SeedCodesAsync(users);
        await CopyAsync();
        await _target.Resets.ReplaceAsync(PasswordReset.Issue(users[0].Id, "later", Users.Epoch.AddHours(1), TimeSpan.FromMinutes(15)), CancellationToken.None);

        var report = await CopyAsync();

        Assert.That((await _target.Resets.FindAsync(users[0].Id, CancellationToken.None))!.CodeHash, Is.EqualTo("later"));
        Assert.That(report.ResetsKeptNewer, Is.EqualTo(1));
    }

    [Test]
    public async Task Copy_RunAgainAfterTheTargetConsumedACode_DoesNotBringItBack()
    {
        var users = await SeedUsersAsync(2);
        var codes = await SeedCodesAsync(users);
        await CopyAsync();
        var used = (await _target.Resets.FindAsync(users[0].Id, CancellationToken.None))!;
        Assert.That(await _target.Resets.TryConsumeAsync(used, CancellationToken.None), Is.True);

        var report = await CopyAsync();

        Assert.That(await _target.Resets.FindAsync(users[0].Id, CancellationToken.None), Is.Null, "a spent code stays spent");
        Assert.That((await _target.Resets.FindAsync(users[1].Id, CancellationToken.None))!.CodeHash, Is.EqualTo(codes[1].CodeHash));
        Assert.That((report.ResetsCopied, report.ResetsKeptNewer, report.ResetsSpent), Is.EqualTo((1L, 0L, 1L)));
        Assert.That(report.CountsMatch, Is.True, "a code used up in the target is rightly missing there");
    }

    [Test]
    public async Task Copy_RunAgainAfterFailedAttemptsInTheTarget_NeverLowersTheCount()
    {
        var users = await SeedUsersAsync(1);
        await SeedCodesAsync(users);
        await CopyAsync();
        var tried = (await _target.Resets.FindAsync(users[0].Id, CancellationToken.None))!;
        tried.RecordFailedAttempt();
        tried.RecordFailedAttempt();
        await _target.Resets.UpdateAsync(tried, CancellationToken.None);

        await CopyAsync();

        var stored = await _target.Resets.FindAsync(users[0].Id, CancellationToken.None);
        Assert.That((stored!.CodeHash, stored.FailedAttempts), Is.EqualTo((tried.CodeHash, 3)), "one in the source, two more in the target");
    }

    [Test]
    public async Task Copy_RunAgainAfterFailedAttemptsInTheSource_CarriesTheHigherCountOver()
    {
        var users = await SeedUsersAsync(1);
        await SeedCodesAsync(users);
        await CopyAsync();
        var tried = (await SourceResets.FindAsync(users[0].Id, CancellationToken.None))!;
        tried.RecordFailedAttempt();
        tried.RecordFailedAttempt();
        await SourceResets.UpdateAsync(tried, CancellationToken.None);
        var before = (await _target.Resets.FindAsync(users[0].Id, CancellationToken.None))!;

        await CopyAsync();

        var stored = await _target.Resets.FindAsync(users[0].Id, CancellationToken.None);
        Assert.That(stored!.FailedAttempts, Is.EqualTo(3));
        Assert.That(stored.Version, Is.GreaterThan(before.Version), "a request holding the code as read before loses its race");
    }

    [Test]
    public async Task Copy_RunAgainAfterTheTargetIssuedANewCode_KeepsTheNewCode()
    {
        var users = await SeedUsersAsync(1);
        await SeedCodesAsync(users);
        await CopyAsync();
        await _target.Resets.ReplaceAsync(PasswordReset.Issue(users[0].Id, "issued-in-target", Users.Epoch.AddMinutes(-5), TimeSpan.FromMinutes(15)), CancellationToken.None);

        var report = await CopyAsync();

        Assert.That((await _target.Resets.FindAsync(users[0].Id, CancellationToken.None))!.CodeHash, Is.EqualTo("issued-in-target"));
        Assert.That((report.ResetsKeptNewer, report.ResetsSpent), Is.EqualTo((1L, 0L)));
    }

    [Test]
    public async Task Copy_WhenAnotherUserOfTheTargetHoldsAnAddress_FailsNamingTheUser()
    {
        var users = await SeedUsersAsync(1);
        await _target.Users.AddAsync(Users.New(users[0].CurrentEmail.Value.ToUpperInvariant()), CancellationToken.None);

        var error = Assert.ThrowsAsync<InvalidOperationException>(() => CopyAsync());

        Assert.That(error!.Message, Does.Contain(users[0].Id.Value));
        Assert.That(await _target.Users.FindByIdAsync(users[0].Id, CancellationToken.None), Is.Null);
    }

    [Test]
    public async Task Copy_WhenTheTargetHoldsUsersTheSourceLacks_ReportsThatTheCountsDiffer()
    {
        await SeedUsersAsync(2);
        await _target.Users.AddAsync(Users.New(), CancellationToken.None);

        var report = await CopyAsync();

        Assert.That(report.CountsMatch, Is.False);
        Assert.That((report.SourceUsers, report.TargetUsers), Is.EqualTo((2L, 3L)));
    }

    [Test]
    public async Task Copy_WhenTheTargetHasServedTheApi_IsRefusedBeforeWritingAnything()
    {
        var users = await SeedUsersAsync(2);
        await CopyAsync();
        var deletedSince = users[0];
        await _target.Users.DeleteAsync(deletedSince.Id, CancellationToken.None);
        await _target.Marker.MarkServedLiveAsync(Users.Epoch.AddDays(1), CancellationToken.None);

        var refusal = Assert.ThrowsAsync<InvalidOperationException>(() => CopyAsync());

        Assert.That(refusal!.Message, Does.Contain("--overwrite-live-store").And.Contain("served_live_since"));
        Assert.That(await _target.Users.FindByIdAsync(deletedSince.Id, CancellationToken.None), Is.Null, "a user deleted in the live store stays deleted");
    }

    [Test]
    public async Task Copy_WhenTheTargetHasServedTheApiAndOverwriteIsAsked_CopiesAndKeepsTheMarker()
    {
        var users = await SeedUsersAsync(2);
        await _target.Marker.MarkServedLiveAsync(Users.Epoch.AddDays(1), CancellationToken.None);

        var report = await new StoreCopier(new SqliteStoreCopySource(_source), _target.Target, TimeProvider.System, PageSize, overwriteLiveStore: true)
            .CopyAsync(null, CancellationToken.None);

        await AssertTargetHoldsAsync(users, []);
        Assert.That(report.CountsMatch, Is.True);
        Assert.That(await _target.Target.ServedLiveSinceAsync(CancellationToken.None), Is.EqualTo(Users.Epoch.AddDays(1)));
    }

    [Test]
    public async Task Mark_WhenMarkedBefore_KeepsTheFirstDate()
    {
        Assert.That(await _target.Target.ServedLiveSinceAsync(CancellationToken.None), Is.Null, "a new store has never served");

        await _target.Marker.MarkServedLiveAsync(Users.Epoch.AddDays(1), CancellationToken.None);
        await _target.Marker.MarkServedLiveAsync(Users.Epoch.AddDays(2), CancellationToken.None);

        Assert.That(await _target.Target.ServedLiveSinceAsync(CancellationToken.None), Is.EqualTo(Users.Epoch.AddDays(1)));
    }

    [Test]
    public async Task Copy_FromAnEmptyStore_CopiesNothingAndAgrees()
    {
        var report = await CopyAsync();

        Assert.That(report, Is.EqualTo(new StoreCopyReport(0, 0, 0, 0, 0, 0, 0, 0, 0)));
    }

    [Test]
    public async Task Copy_CarriesSecondFactors_AndKeepsOnesTheTargetMovedOn()
    {
        var users = await SeedUsersAsync(2);
        var source = new SqliteSecondFactorRepository(_source);
        var secret = Domain.SecondFactors.SealedSecret.FromStored([9, 8, 7]);
        var codes = Domain.SecondFactors.RecoveryCodes.Issue(Enumerable.Range(0, 10).Select(i => $"hash-{i}"));
        await source.SaveAsync(users[0].Id, Domain.SecondFactors.SecondFactorSet.None.BeginTotpEnrolment(secret, Users.Epoch), Users.Epoch, CancellationToken.None);
        var pending = await source.FindAsync(users[0].Id, CancellationToken.None);
        await source.SaveAsync(users[0].Id, pending.ActivateTotp(1000, codes, Users.Epoch), Users.Epoch, CancellationToken.None);
        await source.SaveAsync(users[1].Id, Domain.SecondFactors.SecondFactorSet.None.BeginTotpEnrolment(secret, Users.Epoch), Users.Epoch, CancellationToken.None);

        var first = await CopyAsync();

        var copied = await _target.SecondFactors.FindAsync(users[0].Id, CancellationToken.None);
        Assert.That(first.SecondFactorsCopied, Is.EqualTo(2));
        Assert.That(copied.HasActiveFactor, Is.True);
        Assert.That(copied.Totp!.LastAcceptedStep, Is.EqualTo(1000), "the last accepted step comes over: a code used before the move stays used");
        Assert.That(copied.RecoveryCodes.Hashes, Is.EqualTo(codes.Hashes));
        Assert.That(copied.Totp.Secret, Is.EqualTo(secret));
        Assert.That((await _target.SecondFactors.FindAsync(users[1].Id, CancellationToken.None)).Totp!.State, Is.EqualTo(Domain.SecondFactors.TotpFactorState.Pending));

        await _target.SecondFactors.SaveAsync(users[0].Id, copied.PassTotp(1001), Users.Epoch, CancellationToken.None);
        var second = await CopyAsync();

        Assert.That(second.SecondFactorsKeptNewer, Is.EqualTo(1));
        Assert.That((await _target.SecondFactors.FindAsync(users[0].Id, CancellationToken.None)).Totp!.LastAcceptedStep, Is.EqualTo(1001));
    }

    [Test]
    public async Task Copy_CarriesEveryPasskey_AndKeepsOneUsedInTheTargetSince()
    {
        var users = await SeedUsersAsync(2);
        var passkeys = new SqlitePasskeyRepository(_source);
        var seeded = new List<Passkey>();
        foreach (var (user, count) in users.Zip([4, 1]))
        {
            for (var i = 0; i < count; i++)
            {
                var passkey = Passkey.Register(user.Id, CredentialId.FromBytes(RandomNumberGenerator.GetBytes(20)), RandomNumberGenerator.GetBytes(77), PasskeyName.Create($"Key {i}"), 2, true, false, Users.Epoch.AddMinutes(i));
                await passkeys.AddAsync(passkey, CancellationToken.None);
                seeded.Add(passkey);
            }
        }

        var first = await CopyAsync();
        var usedThere = (await _target.Passkeys.FindByCredentialAsync(seeded[0].CredentialId, CancellationToken.None))!;
        usedThere.RecordUse(40, backedUp: true, Users.Epoch.AddDays(1));
        await _target.Passkeys.UpdateAsync(usedThere, CancellationToken.None);
        var again = await CopyAsync();

        Assert.That((first.PasskeysCopied, first.PasskeysKeptNewer, first.SourcePasskeys, first.TargetPasskeys), Is.EqualTo((5L, 0L, 5L, 5L)));
        Assert.That((again.PasskeysCopied, again.PasskeysKeptNewer), Is.EqualTo((4L, 1L)), "the passkey used in the target is newer there and kept");
        Assert.That(again.CountsMatch, Is.True);
        Assert.That((await _target.Passkeys.FindByCredentialAsync(seeded[0].CredentialId, CancellationToken.None))!.SignCount, Is.EqualTo(40));
        foreach (var passkey in seeded.Skip(1))
        {
            var copied = await _target.Passkeys.FindByCredentialAsync(passkey.CredentialId, CancellationToken.None);
            Assert.That((copied?.Id, copied?.UserId, copied?.PublicKey, copied?.Name, copied?.SignCount, copied?.BackupEligible, copied?.CreatedAt, copied?.Version),
                Is.EqualTo((passkey.Id, passkey.UserId, passkey.PublicKey, passkey.Name, passkey.SignCount, passkey.BackupEligible, passkey.CreatedAt, passkey.Version)));
        }
    }

    private Task<StoreCopyReport> CopyAsync(IStoreCopyTarget? target = null) =>
        new StoreCopier(new SqliteStoreCopySource(_source), target ?? _target.Target, TimeProvider.System, PageSize).CopyAsync(null, CancellationToken.None);

    /// <summary>Users in the source with devices, a past address and later versions, as stored.</summary>
    private async Task<List<User>> SeedUsersAsync(int count)
    {
        var stored = new List<User>();
        for (var i = 0; i < count; i++)
        {
            var user = Users.New(at: Users.Epoch.AddMinutes(i));
            await SourceUsers.AddAsync(user, CancellationToken.None);
            var read = (await SourceUsers.FindByIdAsync(user.Id, CancellationToken.None))!;
            read.LinkDevice(DeviceId.New(), DeviceDescription.Create($"Device {i}"), Users.Epoch.AddHours(1));
            if (i % 2 == 0)
            {
                read.ChangeEmail(EmailAddress.Create(Users.UniqueEmail()), Users.Epoch.AddHours(2));
            }

            await SourceUsers.UpdateAsync(read, CancellationToken.None);
            stored.Add((await SourceUsers.FindByIdAsync(user.Id, CancellationToken.None))!);
        }

        return stored;
    }

    private async Task<List<PasswordReset>> SeedCodesAsync(IEnumerable<User> users)
    {
        var codes = new List<PasswordReset>();
        foreach (var user in users)
        {
            await SourceResets.ReplaceAsync(PasswordReset.Issue(user.Id, $"hash-{user.Id}", Users.Epoch, TimeSpan.FromMinutes(15)), CancellationToken.None);
            var read = (await SourceResets.FindAsync(user.Id, CancellationToken.None))!;
            read.RecordFailedAttempt();
            await SourceResets.UpdateAsync(read, CancellationToken.None);
            codes.Add((await SourceResets.FindAsync(user.Id, CancellationToken.None))!);
        }

        return codes;
    }

    private async Task AssertTargetHoldsAsync(IReadOnlyList<User> users, IReadOnlyList<PasswordReset> codes)
    {
        foreach (var user in users)
        {
            var copied = await _target.Users.FindByIdAsync(user.Id, CancellationToken.None);
            UserAssert.SameState(copied, user);
            Assert.That(copied!.Version, Is.EqualTo(user.Version), "the version travels with the user");
        }

        foreach (var code in codes)
        {
            var copied = await _target.Resets.FindAsync(code.UserId, CancellationToken.None);
            Assert.That(copied, Is.Not.Null);
            Assert.That(
                (copied!.CodeHash, copied.CreatedAt, copied.ExpiresAt, copied.FailedAttempts, copied.Version),
                Is.EqualTo((code.CodeHash, code.CreatedAt, code.ExpiresAt, code.FailedAttempts, code.Version)));
        }

        Assert.That(await _target.Users.CountAsync(CancellationToken.None), Is.EqualTo(users.Count));
    }
}
