using Ludmin.Domain.SecondFactors;
using Ludmin.Domain.Common;
using Ludmin.Domain.LoginThrottles;
using Ludmin.Domain.Passkeys;
using Ludmin.Domain.PasswordResets;
using Ludmin.Domain.Users;

namespace Ludmin.Storage.Tests.Contract;

/// <summary>
/// What every storage adapter must do, written once. Each adapter's fixture derives from this
/// class and says how to make a fresh, empty store; the tests are the same for all.
/// </summary>
public abstract partial class StorageContract
{
    private IStoreUnderTest _store = null!;

    protected IUserRepository UserStore => _store.Users;

    protected IPasswordResetRepository ResetStore => _store.Resets;

    protected ILoginThrottleRepository ThrottleStore => _store.Throttles;

    protected ISecondFactorRepository FactorStore => _store.SecondFactors;

    protected ISecondFactorChallengeRepository SecondFactorChallengeStore => _store.SecondFactorChallenges;
    protected IPasskeyRepository PasskeyStore => _store.Passkeys;

    protected IPasskeyChallengeRepository ChallengeStore => _store.Challenges;

    /// <summary>A new, empty store for one test.</summary>
    protected abstract Task<IStoreUnderTest> CreateStoreAsync();

    [SetUp]
    public async Task CreateStore() => _store = await CreateStoreAsync();

    [TearDown]
    public async Task DisposeStore() => await _store.DisposeAsync();

    [Test]
    public async Task Add_ThenFindById_ReturnsTheSameState()
    {
        var user = Users.New();
        user.LinkDevice(DeviceId.New(), DeviceDescription.Create("Laptop"), Users.Epoch.AddMinutes(1));

        await UserStore.AddAsync(user, CancellationToken.None);

        UserAssert.SameState(await UserStore.FindByIdAsync(user.Id, CancellationToken.None), user);
    }

    [Test]
    public async Task FindById_WhenUnknown_ReturnsNull() =>
        Assert.That(await UserStore.FindByIdAsync(UserId.New(), CancellationToken.None), Is.Null);

    [Test]
    public async Task FindByEmail_ByCurrentAddressInAnyCase_FindsTheUser()
    {
        var user = Users.New("Mixed.Case@Example.com");
        await UserStore.AddAsync(user, CancellationToken.None);

        var found = await UserStore.FindByEmailAsync(EmailAddress.Create("mixed.case@EXAMPLE.com"), CancellationToken.None);

        Assert.That(found?.Id, Is.EqualTo(user.Id));
        Assert.That(found!.CurrentEmail.Value, Is.EqualTo("Mixed.Case@Example.com"), "the address is kept as typed");
    }

    [Test]
    public async Task FindByEmail_ByPastAddress_FindsTheUser()
    {
        var first = Users.UniqueEmail();
        var user = Users.New(first);
        await UserStore.AddAsync(user, CancellationToken.None);
        var stored = await UserStore.FindByIdAsync(user.Id, CancellationToken.None);
        stored!.ChangeEmail(EmailAddress.Create(Users.UniqueEmail()), Users.Epoch.AddHours(1));
        await UserStore.UpdateAsync(stored, CancellationToken.None);

        var found = await UserStore.FindByEmailAsync(EmailAddress.Create(first), CancellationToken.None);

        Assert.That(found?.Id, Is.EqualTo(user.Id));
        Assert.That(found!.CurrentEmail.Value, Is.Not.EqualTo(first));
    }

    [Test]
    public async Task FindByEmail_WhenNobodyHasIt_ReturnsNull() =>
        Assert.That(await UserStore.FindByEmailAsync(EmailAddress.Create(Users.UniqueEmail()), CancellationToken.None), Is.Null);

    [Test]
    public async Task Add_WhenAnotherUserHasTheAddressInAnotherCase_IsRefusedAsEmailInUse()
    {
        var email = Users.UniqueEmail();
        await UserStore.AddAsync(Users.New(email), CancellationToken.None);

        var clash = Users.New(email.ToUpperInvariant());
        var error = Assert.ThrowsAsync<DomainException>(() => UserStore.AddAsync(clash, CancellationToken.None));

        Assert.That(error!.Error, Is.EqualTo(Errors.EmailInUse));
        Assert.That(await UserStore.FindByIdAsync(clash.Id, CancellationToken.None), Is.Null, "nothing of the refused user is stored");
    }

    [Test]
    public async Task Add_WhenAnotherUserHadTheAddressInThePast_IsRefusedAsEmailInUse()
    {
        var email = Users.UniqueEmail();
        var owner = Users.New(email);
        await UserStore.AddAsync(owner, CancellationToken.None);
        var stored = await UserStore.FindByIdAsync(owner.Id, CancellationToken.None);
        stored!.ChangeEmail(EmailAddress.Create(Users.UniqueEmail()), Users.Epoch.AddHours(1));
        await UserStore.UpdateAsync(stored, CancellationToken.None);

        var error = Assert.ThrowsAsync<DomainException>(() => UserStore.AddAsync(Users.New(email), CancellationToken.None));

        Assert.That(error!.Error, Is.EqualTo(Errors.EmailInUse));
    }

    [Test]
    public async Task Add_WhenManyRaceForOneAddress_ExactlyOneWins()
    {
        var email = Users.UniqueEmail();
        var contenders = Enumerable.Range(0, 16).Select(_ => Users.New(email)).ToList();

        var outcomes = await Task.WhenAll(contenders.Select(async user =>
        {
            try
            {
                await UserStore.AddAsync(user, CancellationToken.None);
                return "stored";
            }
            catch (DomainException ex) when (ex.Error == Errors.EmailInUse)
            {
                return "in use";
            }
        }));

        Assert.That(outcomes.Count(o => o == "stored"), Is.EqualTo(1));
        Assert.That(outcomes.Count(o => o == "in use"), Is.EqualTo(contenders.Count - 1));
        Assert.That(await UserStore.CountAsync(CancellationToken.None), Is.EqualTo(1));
    }

    [Test]
    public async Task Update_PersistsEveryChange()
    {
        var user = Users.New();
        await UserStore.AddAsync(user, CancellationToken.None);
        var stored = (await UserStore.FindByIdAsync(user.Id, CancellationToken.None))!;
        var later = Users.Epoch.AddDays(1);
        var kept = DeviceId.New();
        stored.LinkDevice(DeviceId.New(), DeviceDescription.Create("Phone"), later);
        stored.LinkDevice(kept, DeviceDescription.Create("Laptop"), later.AddMinutes(1));
        stored.Rename(FullName.Create("Ann Smith"), later);
        stored.ChangeEmail(EmailAddress.Create(Users.UniqueEmail()), later);
        stored.ChangePassword(Users.Hash("second"), kept, later.AddMinutes(2));
        stored.PromoteToMaster(later.AddMinutes(3));

        await UserStore.UpdateAsync(stored, CancellationToken.None);

        var reread = await UserStore.FindByIdAsync(user.Id, CancellationToken.None);
        UserAssert.SameState(reread, stored);
        Assert.That(reread!.Version, Is.EqualTo(stored.Version + 1));
        Assert.That(reread.PasswordHistory, Is.EqualTo(new[] { Users.Hash("first") }));
    }

    [Test]
    public async Task Update_WhenAnotherSaveCameFirst_IsRefusedAndKeepsTheFirst()
    {
        var user = Users.New();
        await UserStore.AddAsync(user, CancellationToken.None);
        var first = (await UserStore.FindByIdAsync(user.Id, CancellationToken.None))!;
        var second = (await UserStore.FindByIdAsync(user.Id, CancellationToken.None))!;
        first.Rename(FullName.Create("First Writer"), Users.Epoch.AddHours(1));
        second.Rename(FullName.Create("Second Writer"), Users.Epoch.AddHours(2));

        await UserStore.UpdateAsync(first, CancellationToken.None);
        Assert.ThrowsAsync<ConcurrencyException>(() => UserStore.UpdateAsync(second, CancellationToken.None));

        var stored = await UserStore.FindByIdAsync(user.Id, CancellationToken.None);
        Assert.That(stored!.FullName.Value, Is.EqualTo("First Writer"));
    }

    [Test]
    public async Task Update_WhenManyRaceFromOneRead_ExactlyOneWins()
    {
        var user = Users.New();
        await UserStore.AddAsync(user, CancellationToken.None);
        var copies = await Task.WhenAll(Enumerable.Range(0, 8).Select(_ => UserStore.FindByIdAsync(user.Id, CancellationToken.None)));

        var outcomes = await Task.WhenAll(copies.Select(async (copy, i) =>
        {
            copy!.Rename(FullName.Create($"Writer {i}"), Users.Epoch.AddHours(1));
            try
            {
                await UserStore.UpdateAsync(copy, CancellationToken.None);
                return true;
            }
            catch (ConcurrencyException)
            {
                return false;
            }
        }));

        Assert.That(outcomes.Count(won => won), Is.EqualTo(1));
        var stored = await UserStore.FindByIdAsync(user.Id, CancellationToken.None);
        Assert.That(stored!.FullName.Value, Is.EqualTo($"Writer {Array.IndexOf(outcomes, true)}"));
    }

    [Test]
    public async Task Update_WhenTheNewAddressBelongsToAnother_IsRefusedAndChangesNothing()
    {
        var taken = Users.UniqueEmail();
        await UserStore.AddAsync(Users.New(taken), CancellationToken.None);
        var user = Users.New();
        await UserStore.AddAsync(user, CancellationToken.None);
        var stored = (await UserStore.FindByIdAsync(user.Id, CancellationToken.None))!;
        stored.Rename(FullName.Create("Should Not Stick"), Users.Epoch.AddHours(1));
        stored.ChangeEmail(EmailAddress.Create(taken.ToUpperInvariant()), Users.Epoch.AddHours(1));

        var error = Assert.ThrowsAsync<DomainException>(() => UserStore.UpdateAsync(stored, CancellationToken.None));

        Assert.That(error!.Error, Is.EqualTo(Errors.EmailInUse));
        UserAssert.SameState(await UserStore.FindByIdAsync(user.Id, CancellationToken.None), user);
    }

    [Test]
    public async Task Update_WhenReturningToAPastAddress_KeepsTheWholeHistory()
    {
        var first = Users.UniqueEmail();
        var user = Users.New(first);
        await UserStore.AddAsync(user, CancellationToken.None);
        var stored = (await UserStore.FindByIdAsync(user.Id, CancellationToken.None))!;
        stored.ChangeEmail(EmailAddress.Create(Users.UniqueEmail()), Users.Epoch.AddHours(1));
        await UserStore.UpdateAsync(stored, CancellationToken.None);
        stored = (await UserStore.FindByIdAsync(user.Id, CancellationToken.None))!;
        stored.ChangeEmail(EmailAddress.Create(first), Users.Epoch.AddHours(2));

        await UserStore.UpdateAsync(stored, CancellationToken.None);

        var reread = await UserStore.FindByIdAsync(user.Id, CancellationToken.None);
        UserAssert.SameState(reread, stored);
        Assert.That(reread!.Emails, Has.Count.EqualTo(2));
        Assert.That(reread.CurrentEmail.Value, Is.EqualTo(first));
    }

    [Test]
    public async Task HasSession_ForTheCurrentLoginOfALinkedDevice_IsTrue()
    {
        var (user, device) = await UserWithDeviceAsync();

        Assert.That(await UserStore.HasSessionAsync(user.Id, device, user.SessionOf(device), CancellationToken.None), Is.True);
    }

    [Test]
    public async Task HasSession_AfterANewLoginOnTheDevice_IsFalseForTheOlderSessionOnly()
    {
        var (user, device) = await UserWithDeviceAsync();
        var older = user.SessionOf(device);
        var stored = (await UserStore.FindByIdAsync(user.Id, CancellationToken.None))!;
        stored.LinkDevice(device, DeviceDescription.Create("Laptop"), Users.Epoch.AddHours(1));
        await UserStore.UpdateAsync(stored, CancellationToken.None);

        Assert.That(await UserStore.HasSessionAsync(user.Id, device, older, CancellationToken.None), Is.False);
        Assert.That(await UserStore.HasSessionAsync(user.Id, device, stored.SessionOf(device), CancellationToken.None), Is.True);
    }

    [Test]
    public async Task HasSession_WhenTheSessionIsAnotherDevicesOrUnknown_IsFalse()
    {
        var user = Users.New();
        var phone = DeviceId.New();
        var laptop = DeviceId.New();
        user.LinkDevice(phone, DeviceDescription.Create("Phone"), Users.Epoch);
        user.LinkDevice(laptop, DeviceDescription.Create("Laptop"), Users.Epoch);
        await UserStore.AddAsync(user, CancellationToken.None);

        Assert.That(await UserStore.HasSessionAsync(user.Id, phone, user.SessionOf(laptop), CancellationToken.None), Is.False);
        Assert.That(await UserStore.HasSessionAsync(user.Id, phone, SessionId.New(), CancellationToken.None), Is.False);
        Assert.That(await UserStore.HasSessionAsync(user.Id, DeviceId.New(), user.SessionOf(phone), CancellationToken.None), Is.False);
    }

    [Test]
    public async Task HasSession_AfterLogout_IsFalse()
    {
        var (user, device) = await UserWithDeviceAsync();
        var session = user.SessionOf(device);
        var stored = (await UserStore.FindByIdAsync(user.Id, CancellationToken.None))!;
        stored.Logout(device);
        await UserStore.UpdateAsync(stored, CancellationToken.None);

        Assert.That(await UserStore.HasSessionAsync(user.Id, device, session, CancellationToken.None), Is.False);
    }

    [Test]
    public async Task HasSession_ForAnotherUsersDeviceOrAnUnknownUser_IsFalse()
    {
        var (owner, device) = await UserWithDeviceAsync();
        var other = Users.New();
        await UserStore.AddAsync(other, CancellationToken.None);

        Assert.That(await UserStore.HasSessionAsync(other.Id, device, owner.SessionOf(device), CancellationToken.None), Is.False);
        Assert.That(await UserStore.HasSessionAsync(UserId.New(), device, owner.SessionOf(device), CancellationToken.None), Is.False);
    }

    [Test]
    public async Task Update_DeviceLifecycle_IsStoredInOrder()
    {
        var user = Users.New();
        await UserStore.AddAsync(user, CancellationToken.None);
        var devices = Enumerable.Range(0, 3).Select(_ => DeviceId.New()).ToArray();
        var stored = (await UserStore.FindByIdAsync(user.Id, CancellationToken.None))!;
        for (var i = 0; i < devices.Length; i++)
        {
            stored.LinkDevice(devices[i], DeviceDescription.Create($"Device {i}"), Users.Epoch.AddMinutes(i));
        }

        await UserStore.UpdateAsync(stored, CancellationToken.None);
        stored = (await UserStore.FindByIdAsync(user.Id, CancellationToken.None))!;
        stored.TouchDevice(devices[0], Users.Epoch.AddHours(1));
        stored.Logout(devices[1]);
        await UserStore.UpdateAsync(stored, CancellationToken.None);

        var reread = await UserStore.FindByIdAsync(user.Id, CancellationToken.None);
        UserAssert.SameState(reread, stored);
        Assert.That(reread!.Devices.Select(d => d.DeviceId), Is.EqualTo(new[] { devices[0], devices[2] }));
        Assert.That(reread.Devices[0].LastUsed, Is.EqualTo(Users.Epoch.AddHours(1)));
    }

    [Test]
    public async Task Update_WhenALinkedDeviceLogsInAgain_StoresItsNewSession()
    {
        var device = DeviceId.New();
        var user = Users.New();
        user.LinkDevice(device, DeviceDescription.Create("Laptop"), Users.Epoch.AddMinutes(1));
        await UserStore.AddAsync(user, CancellationToken.None);
        var stored = (await UserStore.FindByIdAsync(user.Id, CancellationToken.None))!;
        var firstSession = stored.Devices.Single().SessionId;
        Assert.That(firstSession, Is.EqualTo(user.Devices.Single().SessionId), "the first login's session was stored");

        stored.LinkDevice(device, DeviceDescription.Create("Laptop again"), Users.Epoch.AddHours(1));
        await UserStore.UpdateAsync(stored, CancellationToken.None);

        var reread = await UserStore.FindByIdAsync(user.Id, CancellationToken.None);
        UserAssert.SameState(reread, stored);
        var relinked = reread!.Devices.Single();
        Assert.That(relinked.SessionId, Is.EqualTo(stored.Devices.Single().SessionId));
        Assert.That(relinked.SessionId, Is.Not.EqualTo(firstSession), "the earlier login's tokens must stay dead");
        Assert.That(relinked.FirstSeen, Is.EqualTo(Users.Epoch.AddMinutes(1)), "still the same device");
    }

    [Test]
    public async Task List_PagesInCreationOrder_AndCountCountsAll()
    {
        var created = new List<User>();
        for (var i = 0; i < 5; i++)
        {
            var user = Users.New(at: Users.Epoch.AddMinutes(i));
            created.Add(user);
        }

        // Stored out of order: the list follows creation time, not insertion.
        foreach (var user in created.AsEnumerable().Reverse())
        {
            await UserStore.AddAsync(user, CancellationToken.None);
        }

        var firstPage = await UserStore.ListAsync(0, 2, CancellationToken.None);
        var lastPage = await UserStore.ListAsync(4, 2, CancellationToken.None);
        var beyond = await UserStore.ListAsync(10, 2, CancellationToken.None);

        Assert.That(firstPage.Select(u => u.Id), Is.EqualTo(created.Take(2).Select(u => u.Id)));
        Assert.That(lastPage.Select(u => u.Id), Is.EqualTo(new[] { created[4].Id }));
        Assert.That(beyond, Is.Empty);
        Assert.That(await UserStore.CountAsync(CancellationToken.None), Is.EqualTo(5));
        UserAssert.SameState(firstPage[0], created[0]);
    }

    [Test]
    public async Task List_WhenUsersShareTheirCreationMoment_PagesWithoutOverlapOrGap()
    {
        var created = Enumerable.Range(0, 5).Select(_ => Users.New(at: Users.Epoch)).ToList();
        foreach (var user in created)
        {
            await UserStore.AddAsync(user, CancellationToken.None);
        }

        var pages = new List<UserId>();
        for (var skip = 0; skip < created.Count; skip += 2)
        {
            pages.AddRange((await UserStore.ListAsync(skip, 2, CancellationToken.None)).Select(u => u.Id));
        }

        Assert.That(pages, Is.EquivalentTo(created.Select(u => u.Id)));
        Assert.That(pages, Is.Unique);
    }

    [Test]
    public async Task Count_WhenUsersAreAddedAndUpdated_CountsEachUserOnce()
    {
        var before = await UserStore.CountAsync(CancellationToken.None);
        var first = Users.New();
        var second = Users.New();
        await UserStore.AddAsync(first, CancellationToken.None);
        await UserStore.AddAsync(second, CancellationToken.None);
        first.LinkDevice(DeviceId.New(), DeviceDescription.Create("Laptop"), Users.Epoch.AddMinutes(1));
        await UserStore.UpdateAsync(first, CancellationToken.None);
        Assert.ThrowsAsync<DomainException>(() => UserStore.AddAsync(Users.New(second.CurrentEmail.Value), CancellationToken.None));

        Assert.That(await UserStore.CountAsync(CancellationToken.None), Is.EqualTo(before + 2), "an update or a refused add counts nobody");
    }

    [Test]
    public async Task ListAfter_WhenWalkedFromPositionToPosition_SeesEveryUserOnceInCreationOrder()
    {
        // Three share their creation moment: the id orders them, and a page may end between them.
        var created = new List<User>
        {
            Users.New(at: Users.Epoch),
            Users.New(at: Users.Epoch.AddMinutes(1)),
            Users.New(at: Users.Epoch.AddMinutes(1)),
            Users.New(at: Users.Epoch.AddMinutes(1)),
            Users.New(at: Users.Epoch.AddMinutes(2)),
        };
        foreach (var user in created.AsEnumerable().Reverse())
        {
            await UserStore.AddAsync(user, CancellationToken.None);
        }

        var expected = created.OrderBy(u => u.CreatedAt).ThenBy(u => u.Id.Value, StringComparer.Ordinal).Select(u => u.Id).ToList();
        var seen = (await UserStore.ListAsync(0, 2, CancellationToken.None)).ToList();
        for (var guard = 0; guard < 10; guard++)
        {
            var page = await UserStore.ListAfterAsync(UserListPosition.Of(seen[^1]), 2, CancellationToken.None);
            if (page.Count == 0)
            {
                break;
            }

            seen.AddRange(page);
        }

        Assert.That(seen.Select(u => u.Id), Is.EqualTo(expected));
        UserAssert.SameState(seen.Single(u => u.Id == created[2].Id), created[2]);
    }

    [Test]
    public async Task ListAfter_WhenThePositionIsTheLastUser_ReturnsNothing()
    {
        var first = Users.New(at: Users.Epoch);
        var last = Users.New(at: Users.Epoch.AddMinutes(1));
        await UserStore.AddAsync(first, CancellationToken.None);
        await UserStore.AddAsync(last, CancellationToken.None);

        Assert.That(await UserStore.ListAfterAsync(UserListPosition.Of(last), 10, CancellationToken.None), Is.Empty);
    }

    [Test]
    public async Task ListAfter_WhenNoUserHoldsThePosition_StartsAtTheNextUserAfterIt()
    {
        var early = Users.New(at: Users.Epoch);
        var late = Users.New(at: Users.Epoch.AddMinutes(2));
        await UserStore.AddAsync(early, CancellationToken.None);
        await UserStore.AddAsync(late, CancellationToken.None);

        // A position between the two (a user since gone, or a moment): strictly after it, in order.
        var between = await UserStore.ListAfterAsync(new UserListPosition(Users.Epoch.AddMinutes(1), early.Id), 10, CancellationToken.None);
        var sameMomentHigherId = await UserStore.ListAfterAsync(new UserListPosition(Users.Epoch, UserId.Parse(new string('f', 32))), 10, CancellationToken.None);
        var sameMomentLowerId = await UserStore.ListAfterAsync(new UserListPosition(Users.Epoch, UserId.Parse(new string('0', 32))), 1, CancellationToken.None);

        using (Assert.EnterMultipleScope())
        {
            Assert.That(between.Select(u => u.Id), Is.EqualTo(new[] { late.Id }));
            Assert.That(sameMomentHigherId.Select(u => u.Id), Is.EqualTo(new[] { late.Id }), "the id breaks the tie at the same moment");
            Assert.That(sameMomentLowerId.Select(u => u.Id), Is.EqualTo(new[] { early.Id }), "and take bounds the page");
        }
    }

    [Test]
    public void Update_WhenTheUserWasNeverStored_IsRefusedAsAConflict() =>
        Assert.ThrowsAsync<ConcurrencyException>(() => UserStore.UpdateAsync(Users.New(), CancellationToken.None));

    [Test]
    public async Task Update_KeepingItsOwnAddresses_DoesNotClashWithItself()
    {
        var user = Users.New();
        await UserStore.AddAsync(user, CancellationToken.None);
        var stored = (await UserStore.FindByIdAsync(user.Id, CancellationToken.None))!;
        stored.ChangeEmail(EmailAddress.Create(Users.UniqueEmail()), Users.Epoch.AddHours(1));
        await UserStore.UpdateAsync(stored, CancellationToken.None);
        stored = (await UserStore.FindByIdAsync(user.Id, CancellationToken.None))!;
        stored.Rename(FullName.Create("Still Me"), Users.Epoch.AddHours(2));

        await UserStore.UpdateAsync(stored, CancellationToken.None);

        Assert.That((await UserStore.FindByIdAsync(user.Id, CancellationToken.None))!.FullName.Value, Is.EqualTo("Still Me"));
    }

    [Test]
    public async Task ResetCodes_ReplaceThenFind_ReturnsTheCode()
    {
        var user = await StoredUserAsync();
        var reset = PasswordReset.Issue(user.Id, "hash-1", Users.Epoch, TimeSpan.FromMinutes(15));

        await ResetStore.ReplaceAsync(reset, CancellationToken.None);

        var found = await ResetStore.FindAsync(user.Id, CancellationToken.None);
        Assert.That(found, Is.Not.Null);
        Assert.That(found!.CodeHash, Is.EqualTo("hash-1"));
        Assert.That(found.CreatedAt, Is.EqualTo(reset.CreatedAt));
        Assert.That(found.ExpiresAt, Is.EqualTo(reset.ExpiresAt));
        Assert.That(found.FailedAttempts, Is.Zero);
    }

    [Test]
    public async Task ResetCodes_ANewCode_VoidsTheOldOne()
    {
        var user = await StoredUserAsync();
        await ResetStore.ReplaceAsync(PasswordReset.Issue(user.Id, "old", Users.Epoch, TimeSpan.FromMinutes(15)), CancellationToken.None);
        var old = (await ResetStore.FindAsync(user.Id, CancellationToken.None))!;
        old.RecordFailedAttempt();
        await ResetStore.UpdateAsync(old, CancellationToken.None);

        await ResetStore.ReplaceAsync(PasswordReset.Issue(user.Id, "new", Users.Epoch.AddMinutes(1), TimeSpan.FromMinutes(15)), CancellationToken.None);

        var current = (await ResetStore.FindAsync(user.Id, CancellationToken.None))!;
        Assert.That(current.CodeHash, Is.EqualTo("new"));
        Assert.That(current.FailedAttempts, Is.Zero);
        Assert.That(await ResetStore.TryConsumeAsync(old, CancellationToken.None), Is.False, "the old code can no longer be consumed");
        Assert.That((await ResetStore.FindAsync(user.Id, CancellationToken.None))!.CodeHash, Is.EqualTo("new"));
    }

    [Test]
    public async Task ResetCodes_FailedAttemptFromAStaleRead_IsRefused()
    {
        var user = await StoredUserAsync();
        await ResetStore.ReplaceAsync(PasswordReset.Issue(user.Id, "code", Users.Epoch, TimeSpan.FromMinutes(15)), CancellationToken.None);
        var first = (await ResetStore.FindAsync(user.Id, CancellationToken.None))!;
        var second = (await ResetStore.FindAsync(user.Id, CancellationToken.None))!;
        first.RecordFailedAttempt();
        second.RecordFailedAttempt();

        await ResetStore.UpdateAsync(first, CancellationToken.None);
        Assert.ThrowsAsync<ConcurrencyException>(() => ResetStore.UpdateAsync(second, CancellationToken.None));

        Assert.That((await ResetStore.FindAsync(user.Id, CancellationToken.None))!.FailedAttempts, Is.EqualTo(1));
    }

    [Test]
    public async Task ResetCodes_ConsumedOnce_CannotBeConsumedAgain()
    {
        var user = await StoredUserAsync();
        await ResetStore.ReplaceAsync(PasswordReset.Issue(user.Id, "code", Users.Epoch, TimeSpan.FromMinutes(15)), CancellationToken.None);
        var read = (await ResetStore.FindAsync(user.Id, CancellationToken.None))!;

        var outcomes = await Task.WhenAll(Enumerable.Range(0, 6).Select(_ => ResetStore.TryConsumeAsync(read, CancellationToken.None)));

        Assert.That(outcomes.Count(consumed => consumed), Is.EqualTo(1));
        Assert.That(await ResetStore.FindAsync(user.Id, CancellationToken.None), Is.Null);
    }

    [Test]
    public async Task ResetCodes_AfterConsumption_AStaleReadCannotConsumeTheNextCode()
    {
        var user = await StoredUserAsync();
        await ResetStore.ReplaceAsync(PasswordReset.Issue(user.Id, "first", Users.Epoch, TimeSpan.FromMinutes(15)), CancellationToken.None);
        var stale = (await ResetStore.FindAsync(user.Id, CancellationToken.None))!;
        Assert.That(await ResetStore.TryConsumeAsync(stale, CancellationToken.None), Is.True);
        await ResetStore.ReplaceAsync(PasswordReset.Issue(user.Id, "second", Users.Epoch, TimeSpan.FromMinutes(15)), CancellationToken.None);

        Assert.That(await ResetStore.TryConsumeAsync(stale, CancellationToken.None), Is.False);
        Assert.That((await ResetStore.FindAsync(user.Id, CancellationToken.None))!.CodeHash, Is.EqualTo("second"));
    }

    [Test]
    public async Task ResetCodes_DeleteExpired_RemovesOnlyExpiredCodes()
    {
        var expiring = await StoredUserAsync();
        var living = await StoredUserAsync();
        await ResetStore.ReplaceAsync(PasswordReset.Issue(expiring.Id, "a", Users.Epoch, TimeSpan.FromMinutes(5)), CancellationToken.None);
        await ResetStore.ReplaceAsync(PasswordReset.Issue(living.Id, "b", Users.Epoch, TimeSpan.FromMinutes(30)), CancellationToken.None);

        var removed = await ResetStore.DeleteExpiredAsync(Users.Epoch.AddMinutes(10), CancellationToken.None);

        Assert.That(removed, Is.EqualTo(1));
        Assert.That(await ResetStore.FindAsync(expiring.Id, CancellationToken.None), Is.Null);
        Assert.That(await ResetStore.FindAsync(living.Id, CancellationToken.None), Is.Not.Null);
    }

    [Test]
    public async Task ResetCodes_FindForAUserWithoutCode_ReturnsNull() =>
        Assert.That(await ResetStore.FindAsync((await StoredUserAsync()).Id, CancellationToken.None), Is.Null);

    [Test]
    public async Task Throttles_FindWhenNoneIsStored_ReturnsNull() =>
        Assert.That(await ThrottleStore.FindAsync(Throttles.UniqueKey(), CancellationToken.None), Is.Null);

    [Test]
    public async Task Throttles_FirstSave_InsertsAtVersionOneAndRoundTripsEveryField()
    {
        var throttle = Throttles.Unsaved(Throttles.UniqueKey());

        await ThrottleStore.SaveAsync(throttle, CancellationToken.None);

        ThrottleAssert.SameState(await ThrottleStore.FindAsync(throttle.Key, CancellationToken.None), throttle, version: 1);
    }

    [Test]
    public async Task Throttles_SecondFirstSaveForOneAddress_IsAConcurrencyErrorAndKeepsTheFirst()
    {
        var key = Throttles.UniqueKey();
        var first = Throttles.FirstFailure(key, Users.Epoch);
        var second = Throttles.FirstFailure(key, Users.Epoch.AddSeconds(1));
        await ThrottleStore.SaveAsync(first, CancellationToken.None);

        Assert.ThrowsAsync<ConcurrencyException>(() => ThrottleStore.SaveAsync(second, CancellationToken.None));

        ThrottleAssert.SameState(await ThrottleStore.FindAsync(key, CancellationToken.None), first, version: 1);
    }

    [Test]
    public async Task Throttles_SaveFromTheVersionRead_StoresTheChangeAndMovesTheVersionOn()
    {
        var key = Throttles.UniqueKey();
        await ThrottleStore.SaveAsync(Throttles.Unsaved(key), CancellationToken.None);
        var read = (await ThrottleStore.FindAsync(key, CancellationToken.None))!;
        read.RecordFailure(Users.Epoch.AddMinutes(10), LoginThrottlePolicy.Default);

        await ThrottleStore.SaveAsync(read, CancellationToken.None);

        var stored = await ThrottleStore.FindAsync(key, CancellationToken.None);
        ThrottleAssert.SameState(stored, read, version: 2);
        Assert.That(stored!.Failures, Is.EqualTo(8), "the failure was counted on top of the stored ones");

        stored.RecordFailure(Users.Epoch.AddMinutes(30), LoginThrottlePolicy.Default);
        await ThrottleStore.SaveAsync(stored, CancellationToken.None);
        ThrottleAssert.SameState(await ThrottleStore.FindAsync(key, CancellationToken.None), stored, version: 3);
    }

    [Test]
    public async Task Throttles_SaveFromAStaleRead_IsAConcurrencyErrorAndKeepsTheWinner()
    {
        var key = Throttles.UniqueKey();
        await ThrottleStore.SaveAsync(Throttles.Unsaved(key), CancellationToken.None);
        var winner = (await ThrottleStore.FindAsync(key, CancellationToken.None))!;
        var stale = (await ThrottleStore.FindAsync(key, CancellationToken.None))!;
        winner.RecordFailure(Users.Epoch.AddMinutes(10), LoginThrottlePolicy.Default);
        stale.RecordFailure(Users.Epoch.AddMinutes(20), LoginThrottlePolicy.Default);

        await ThrottleStore.SaveAsync(winner, CancellationToken.None);
        Assert.ThrowsAsync<ConcurrencyException>(() => ThrottleStore.SaveAsync(stale, CancellationToken.None));

        ThrottleAssert.SameState(await ThrottleStore.FindAsync(key, CancellationToken.None), winner, version: 2);
    }

    [Test]
    public async Task Throttles_ManyFailuresRacingFromOneRead_ExactlyOneWins()
    {
        var key = Throttles.UniqueKey();
        await ThrottleStore.SaveAsync(Throttles.Unsaved(key), CancellationToken.None);
        var copies = (await Task.WhenAll(Enumerable.Range(0, 8).Select(_ => ThrottleStore.FindAsync(key, CancellationToken.None))))
            .Select(copy => copy!)
            .ToArray();
        for (var i = 0; i < copies.Length; i++)
        {
            copies[i].RecordFailure(Users.Epoch.AddMinutes(10).AddSeconds(i), LoginThrottlePolicy.Default);
        }

        var outcomes = await SaveAllAsync(copies);

        Assert.That(outcomes.Count(won => won), Is.EqualTo(1));
        ThrottleAssert.SameState(await ThrottleStore.FindAsync(key, CancellationToken.None), copies[Array.IndexOf(outcomes, true)], version: 2);
    }

    [Test]
    public async Task Throttles_ManyFirstFailuresRacing_ExactlyOneInserts()
    {
        var key = Throttles.UniqueKey();
        var firsts = Enumerable.Range(0, 8).Select(i => Throttles.FirstFailure(key, Users.Epoch.AddSeconds(i))).ToArray();

        var outcomes = await SaveAllAsync(firsts);

        Assert.That(outcomes.Count(won => won), Is.EqualTo(1));
        ThrottleAssert.SameState(await ThrottleStore.FindAsync(key, CancellationToken.None), firsts[Array.IndexOf(outcomes, true)], version: 1);
    }

    [Test]
    public async Task Throttles_ManyFailuresRecordedAtOnce_AreAllCounted()
    {
        const int racing = 16;
        var key = Throttles.UniqueKey();

        // None of them blocks the address, so each one must be counted.
        await Task.WhenAll(Enumerable.Range(0, racing).Select(_ =>
            Task.Run(() => ThrottleStore.RecordFailureAsync(key, Users.Epoch, Throttles.NeverBlocking, CancellationToken.None))));

        var stored = await ThrottleStore.FindAsync(key, CancellationToken.None);
        Assert.That(stored?.Failures, Is.EqualTo(racing), "every racing failure was counted");
        Assert.That(stored!.Version, Is.EqualTo(racing), "one write each");
    }

    [Test]
    public async Task Throttles_RecordFailure_CountsByTheDomainsRuleThroughBlockAndQuietPeriod()
    {
        var key = Throttles.UniqueKey();
        var expected = LoginThrottle.Start(key);
        var policy = LoginThrottlePolicy.Default;

        // Five free failures (the fifth blocks), one while blocked (not counted, still written),
        // one after the wait (a doubled wait), one after a quiet period (starts over).
        TimeSpan[] after = [TimeSpan.Zero, TimeSpan.FromSeconds(1), TimeSpan.FromSeconds(2), TimeSpan.FromSeconds(3), TimeSpan.FromSeconds(4),
            TimeSpan.FromSeconds(10), TimeSpan.FromMinutes(5), TimeSpan.FromHours(13)];
        for (var i = 0; i < after.Length; i++)
        {
            var now = Users.Epoch.Add(after[i]);
            expected.RecordFailure(now, policy);

            await ThrottleStore.RecordFailureAsync(key, now, policy, CancellationToken.None);

            ThrottleAssert.SameState(await ThrottleStore.FindAsync(key, CancellationToken.None), expected, version: i + 1);
        }

        Assert.That(expected.Failures, Is.EqualTo(1), "the rule itself started over, so the sequence did cover it");
    }

    [Test]
    public async Task Throttles_RecordFailureOverASavedThrottle_CountsOnTopOfIt()
    {
        var key = Throttles.UniqueKey();
        var expected = Throttles.Unsaved(key);
        await ThrottleStore.SaveAsync(expected, CancellationToken.None);
        var now = expected.BlockedUntil.AddSeconds(1);
        expected.RecordFailure(now, LoginThrottlePolicy.Default);

        await ThrottleStore.RecordFailureAsync(key, now, LoginThrottlePolicy.Default, CancellationToken.None);

        ThrottleAssert.SameState(await ThrottleStore.FindAsync(key, CancellationToken.None), expected, version: 2);
        Assert.That(expected.Failures, Is.EqualTo(8));
    }

    [Test]
    public async Task Throttles_Delete_ForgetsTheAddressSoItsNextFailureStartsOver()
    {
        var key = Throttles.UniqueKey();
        var other = Throttles.Unsaved(Throttles.UniqueKey());
        await ThrottleStore.SaveAsync(Throttles.Unsaved(key), CancellationToken.None);
        await ThrottleStore.SaveAsync(other, CancellationToken.None);

        await ThrottleStore.DeleteAsync(key, CancellationToken.None);

        Assert.That(await ThrottleStore.FindAsync(key, CancellationToken.None), Is.Null);
        ThrottleAssert.SameState(await ThrottleStore.FindAsync(other.Key, CancellationToken.None), other, version: 1);
        var again = Throttles.FirstFailure(key, Users.Epoch.AddHours(1));
        await ThrottleStore.SaveAsync(again, CancellationToken.None);
        ThrottleAssert.SameState(await ThrottleStore.FindAsync(key, CancellationToken.None), again, version: 1);
    }

    [Test]
    public async Task Throttles_DeleteWhenNoneIsStored_ChangesNothing()
    {
        var kept = Throttles.Unsaved(Throttles.UniqueKey());
        await ThrottleStore.SaveAsync(kept, CancellationToken.None);

        Assert.DoesNotThrowAsync(() => ThrottleStore.DeleteAsync(Throttles.UniqueKey(), CancellationToken.None));

        ThrottleAssert.SameState(await ThrottleStore.FindAsync(kept.Key, CancellationToken.None), kept, version: 1);
    }

    [Test]
    public async Task Throttles_DeleteExpired_RemovesOnlyExpiredOnesAndCountsThem()
    {
        var now = Users.Epoch.AddDays(1);
        var longGone = Throttles.Unsaved(Throttles.UniqueKey(), expiresAt: now.AddHours(-1));

        // At its expiry the domain already forgets an address's failures, so the store may too.
        var dueNow = Throttles.Unsaved(Throttles.UniqueKey(), expiresAt: now);
        var living = Throttles.Unsaved(Throttles.UniqueKey(), expiresAt: now.AddMilliseconds(1));
        foreach (var throttle in new[] { longGone, dueNow, living })
        {
            await ThrottleStore.SaveAsync(throttle, CancellationToken.None);
        }

        var removed = await ThrottleStore.DeleteExpiredAsync(now, CancellationToken.None);

        Assert.That(removed, Is.EqualTo(2));
        Assert.That(await ThrottleStore.FindAsync(longGone.Key, CancellationToken.None), Is.Null);
        Assert.That(await ThrottleStore.FindAsync(dueNow.Key, CancellationToken.None), Is.Null);
        ThrottleAssert.SameState(await ThrottleStore.FindAsync(living.Key, CancellationToken.None), living, version: 1);
        Assert.That(await ThrottleStore.DeleteExpiredAsync(now, CancellationToken.None), Is.Zero, "nothing is left to remove");
    }

    private async Task<(User User, DeviceId Device)> UserWithDeviceAsync()
    {
        var user = Users.New();
        var device = DeviceId.New();
        user.LinkDevice(device, DeviceDescription.Create("Laptop"), Users.Epoch);
        await UserStore.AddAsync(user, CancellationToken.None);
        return (user, device);
    }

    private async Task<User> StoredUserAsync()
    {
        var user = Users.New();
        await UserStore.AddAsync(user, CancellationToken.None);
        return user;
    }

    /// <summary>Saves all at once; true for each save the store took, false for each lost race.</summary>
    private Task<bool[]> SaveAllAsync(IEnumerable<LoginThrottle> throttles) =>
        Task.WhenAll(throttles.Select(async throttle =>
        {
            try
            {
                await ThrottleStore.SaveAsync(throttle, CancellationToken.None);
                return true;
            }
            catch (ConcurrencyException)
            {
                return false;
            }
        }));
}
