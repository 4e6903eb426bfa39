using Ludmin.Domain.Common;
using Ludmin.Domain.PasswordResets;
using Ludmin.Domain.Users;

namespace Ludmin.Storage.Tests.Contract;

/// <summary>
/// Closing an account: everything keyed to the user goes in one step, its addresses can be
/// taken again, writes prepared from an earlier read bring nothing back, and the last master
/// stays, also when two masters delete each other at once.
/// </summary>
public abstract partial class StorageContract
{
    [Test]
    public async Task Delete_RemovesTheUserWithItsAddressesDevicesResetCodeAndThrottles()
    {
        var (user, device) = await UserWithDeviceAsync();
        var first = user.CurrentEmail;
        var changed = await ReadAsync(user.Id);
        var second = EmailAddress.Create(Users.UniqueEmail());
        changed.ChangeEmail(second, Later);
        changed.ChangePassword(Users.Hash("second"), keepDevice: device, Later);
        await UserStore.UpdateAsync(changed, CancellationToken.None);
        var session = (await ReadAsync(user.Id)).SessionOf(device);
        await ResetStore.ReplaceAsync(PasswordReset.Issue(user.Id, "code-hash", Users.Epoch, TimeSpan.FromMinutes(15)), CancellationToken.None);
        await ThrottleStore.SaveAsync(Throttles.Unsaved(first.Normalized), CancellationToken.None);
        await ThrottleStore.SaveAsync(Throttles.Unsaved(second.Normalized), CancellationToken.None);
        var unrelated = Throttles.UniqueKey();
        await ThrottleStore.SaveAsync(Throttles.Unsaved(unrelated), CancellationToken.None);
        var bystander = await StoredUserAsync();
        await ResetStore.ReplaceAsync(PasswordReset.Issue(bystander.Id, "other-hash", Users.Epoch, TimeSpan.FromMinutes(15)), CancellationToken.None);

        var deleted = await UserStore.DeleteAsync(user.Id, CancellationToken.None);

        await Assert.MultipleAsync(async () =>
        {
            Assert.That(deleted?.Id, Is.EqualTo(user.Id), "the user as it was removed");
            Assert.That(deleted!.Devices.Select(d => d.DeviceId), Is.EqualTo(new[] { device }));
            Assert.That(deleted.Emails, Has.Count.EqualTo(2));
            Assert.That(await UserStore.FindByIdAsync(user.Id, CancellationToken.None), Is.Null);
            Assert.That(await UserStore.FindByEmailAsync(first, CancellationToken.None), Is.Null, "the past address");
            Assert.That(await UserStore.FindByEmailAsync(second, CancellationToken.None), Is.Null, "the current address");
            Assert.That(await UserStore.HasSessionAsync(user.Id, device, session, CancellationToken.None), Is.False, "the session ended");
            Assert.That(await ResetStore.FindAsync(user.Id, CancellationToken.None), Is.Null, "the reset code");
            Assert.That(await ThrottleStore.FindAsync(first.Normalized, CancellationToken.None), Is.Null, "the past address's throttle");
            Assert.That(await ThrottleStore.FindAsync(second.Normalized, CancellationToken.None), Is.Null, "the current address's throttle");
            Assert.That(await ThrottleStore.FindAsync(unrelated, CancellationToken.None), Is.Not.Null, "another address's throttle stays");
            Assert.That(await ResetStore.FindAsync(bystander.Id, CancellationToken.None), Is.Not.Null, "another user's code stays");
            Assert.That(await UserStore.FindByIdAsync(bystander.Id, CancellationToken.None), Is.Not.Null, "another user stays");
            Assert.That(await UserStore.CountAsync(CancellationToken.None), Is.EqualTo(1));
        });
    }

    [Test]
    public async Task Delete_ThenEveryAddressTheUserHeld_CanBeRegisteredAgain()
    {
        var user = await StoredUserAsync();
        var past = user.CurrentEmail;
        var changed = await ReadAsync(user.Id);
        var current = EmailAddress.Create(Users.UniqueEmail());
        changed.ChangeEmail(current, Later);
        await UserStore.UpdateAsync(changed, CancellationToken.None);

        await UserStore.DeleteAsync(user.Id, CancellationToken.None);
        var again = Users.New(past.Value.ToUpperInvariant());
        await UserStore.AddAsync(again, CancellationToken.None);
        var other = await StoredUserAsync();
        var taking = await ReadAsync(other.Id);
        taking.ChangeEmail(current, Later);
        await UserStore.UpdateAsync(taking, CancellationToken.None);

        Assert.That((await UserStore.FindByEmailAsync(past, CancellationToken.None))?.Id, Is.EqualTo(again.Id));
        Assert.That((await UserStore.FindByEmailAsync(current, CancellationToken.None))?.Id, Is.EqualTo(other.Id));
    }

    [Test]
    public async Task Delete_WhenNobodyHasTheId_ReturnsNullAndChangesNothing()
    {
        var user = await StoredUserAsync();

        Assert.That(await UserStore.DeleteAsync(UserId.New(), CancellationToken.None), Is.Null);
        Assert.That(await UserStore.FindByIdAsync(user.Id, CancellationToken.None), Is.Not.Null);
    }

    [Test]
    public async Task Delete_Twice_SecondFindsNothing()
    {
        var user = await StoredUserAsync();

        Assert.That(await UserStore.DeleteAsync(user.Id, CancellationToken.None), Is.Not.Null);
        Assert.That(await UserStore.DeleteAsync(user.Id, CancellationToken.None), Is.Null);
    }

    [Test]
    public async Task Delete_WhenTheUserIsTheLastMaster_IsRefusedAndKeepsEverything()
    {
        var master = await StoredMasterAsync();
        var device = DeviceId.New();
        var login = await ReadAsync(master.Id);
        login.LinkDevice(device, DeviceDescription.Create("Desk"), Later);
        await UserStore.UpdateAsync(login, CancellationToken.None);
        await StoredUserAsync();

        var error = Assert.ThrowsAsync<DomainException>(() => UserStore.DeleteAsync(master.Id, CancellationToken.None));

        Assert.That(error!.Error, Is.EqualTo(Errors.LastMaster));
        var stored = await ReadAsync(master.Id);
        Assert.That(stored.IsMaster, Is.True);
        Assert.That(await UserStore.HasSessionAsync(master.Id, device, login.SessionOf(device), CancellationToken.None), Is.True);
        Assert.That(await UserStore.FindByEmailAsync(master.CurrentEmail, CancellationToken.None), Is.Not.Null);
    }

    [Test]
    public async Task Delete_WhenAnotherMasterRemains_DeletesTheMasterAndThenRefusesTheOther()
    {
        var first = await StoredMasterAsync();
        var second = await StoredMasterAsync();

        Assert.That(await UserStore.DeleteAsync(first.Id, CancellationToken.None), Is.Not.Null);
        var error = Assert.ThrowsAsync<DomainException>(() => UserStore.DeleteAsync(second.Id, CancellationToken.None));

        Assert.That(error!.Error, Is.EqualTo(Errors.LastMaster));
        Assert.That(await MastersAsync(), Is.EqualTo(new[] { second.Id }));
    }

    [Test]
    public async Task Delete_WhenAMasterIsRefusedAsTheLast_CanBeDeletedOnceAnotherIsPromoted()
    {
        var master = await StoredMasterAsync();
        Assert.ThrowsAsync<DomainException>(() => UserStore.DeleteAsync(master.Id, CancellationToken.None));
        var heir = await ReadAsync((await StoredUserAsync()).Id);
        heir.PromoteToMaster(Later);
        await UserStore.UpdateAsync(heir, CancellationToken.None);

        Assert.That(await UserStore.DeleteAsync(master.Id, CancellationToken.None), Is.Not.Null, "a refusal leaves nothing behind that blocks a later deletion");
        Assert.That(await MastersAsync(), Is.EqualTo(new[] { heir.Id }));
    }

    // Each repetition is a fresh store with exactly these two masters.
    [Test]
    [Repeat(10)]
    public async Task Delete_WhenTwoMastersDeleteEachOtherAtOnce_OneMasterRemains()
    {
        var a = await StoredMasterAsync();
        var b = await StoredMasterAsync();

        var outcomes = await Task.WhenAll(DeleteRetryingAsync(a.Id), DeleteRetryingAsync(b.Id));

        Assert.That(await MastersAsync(), Has.Count.EqualTo(1), string.Join(", ", outcomes));
        Assert.That(outcomes, Is.EquivalentTo(new[] { "deleted", "last_master" }));
    }

    [Test]
    public async Task Delete_ThenWritesPreparedFromAnEarlierRead_FailAndBringNothingBack()
    {
        var (user, device) = await UserWithDeviceAsync();
        var login = await ReadAsync(user.Id);
        var edit = await ReadAsync(user.Id);
        var refresh = await ReadAsync(user.Id);
        await UserStore.DeleteAsync(user.Id, CancellationToken.None);

        var newDevice = DeviceId.New();
        login.LinkDevice(newDevice, DeviceDescription.Create("Phone"), Later);
        Assert.ThrowsAsync<ConcurrencyException>(() => UserStore.UpdateAsync(login, CancellationToken.None), "a login racing the deletion");
        edit.Rename(FullName.Create("Too Late"), Later);
        Assert.ThrowsAsync<ConcurrencyException>(() => UserStore.UpdateAsync(edit, CancellationToken.None), "a profile edit racing the deletion");
        refresh.TouchDevice(device, Later);
        await UserStore.UpdateAsync(refresh, CancellationToken.None);

        Assert.That(await UserStore.FindByIdAsync(user.Id, CancellationToken.None), Is.Null);
        Assert.That(await UserStore.HasSessionAsync(user.Id, newDevice, login.SessionOf(newDevice), CancellationToken.None), Is.False);
        Assert.That(await UserStore.HasSessionAsync(user.Id, device, refresh.SessionOf(device), CancellationToken.None), Is.False);
        Assert.That(await UserStore.CountAsync(CancellationToken.None), Is.Zero);
    }

    [Test]
    public async Task AnyMaster_WhenTheStoreIsEmptyOrHoldsNoMaster_IsFalse()
    {
        Assert.That(await UserStore.AnyMasterAsync(CancellationToken.None), Is.False, "an empty store");
        await StoredUserAsync();

        Assert.That(await UserStore.AnyMasterAsync(CancellationToken.None), Is.False, "users, none of them a master");
    }

    [Test]
    public async Task AnyMaster_WhenAMasterIsAddedOrAUserPromoted_IsTrue()
    {
        var user = await StoredUserAsync();
        var promoted = await ReadAsync(user.Id);
        promoted.PromoteToMaster(Later);
        await UserStore.UpdateAsync(promoted, CancellationToken.None);
        Assert.That(await UserStore.AnyMasterAsync(CancellationToken.None), Is.True, "a user promoted");

        await StoredMasterAsync();

        Assert.That(await UserStore.AnyMasterAsync(CancellationToken.None), Is.True, "a master added beside it");
    }

    private async Task<User> StoredMasterAsync()
    {
        var master = Users.New();
        master.PromoteToMaster(Users.Epoch);
        await UserStore.AddAsync(master, CancellationToken.None);
        return master;
    }

    private async Task<List<UserId>> MastersAsync() =>
        [.. (await UserStore.ListAsync(0, 1000, CancellationToken.None)).Where(u => u.IsMaster).Select(u => u.Id)];

    /// <summary>Deletes as the handler does: a lost race is tried again after a short, random pause.</summary>
    private async Task<string> DeleteRetryingAsync(UserId id)
    {
        for (var attempt = 1; ; attempt++)
        {
            try
            {
                return await UserStore.DeleteAsync(id, CancellationToken.None) is null ? "gone" : "deleted";
            }
            catch (DomainException ex) when (ex.Error == Errors.LastMaster)
            {
                return "last_master";
            }
            catch (ConcurrencyException) when (attempt < 20)
            {
                await Task.Delay(Random.Shared.Next(1, 20));
            }
        }
    }
}
