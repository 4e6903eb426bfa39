using Ludmin.Domain.Common;
using Ludmin.Domain.Users;

namespace Ludmin.Storage.Tests.Contract;

/// <summary>
/// Device sessions beside profile edits: a link, a refresh's last_used and a profile edit of one
/// user never make each other fail, while a password change still ends the other sessions in its
/// own write, the device limit holds and a logout is seen by the very next session check.
/// </summary>
public abstract partial class StorageContract
{
    private static readonly DateTimeOffset Later = Users.Epoch.AddDays(1);

    [Test]
    public async Task Link_WhenAProfileEditWasSavedSinceTheRead_BothStand()
    {
        var user = await StoredUserAsync();
        var login = await ReadAsync(user.Id);
        var edit = await ReadAsync(user.Id);
        edit.Rename(FullName.Create("Edited Meanwhile"), Later);
        await UserStore.UpdateAsync(edit, CancellationToken.None);
        var device = DeviceId.New();

        login.LinkDevice(device, DeviceDescription.Create("Phone"), Later);
        await UserStore.UpdateAsync(login, CancellationToken.None);

        var stored = await ReadAsync(user.Id);
        Assert.That(stored.FullName.Value, Is.EqualTo("Edited Meanwhile"));
        Assert.That(stored.HasSession(device, login.SessionOf(device)), Is.True);
        Assert.That(stored.Version, Is.EqualTo(user.Version + 1), "the link did not move the profile's version");
    }

    [Test]
    public async Task ProfileEdit_WhenADeviceWasLinkedSinceTheRead_BothStand()
    {
        var user = await StoredUserAsync();
        var edit = await ReadAsync(user.Id);
        var login = await ReadAsync(user.Id);
        var device = DeviceId.New();
        login.LinkDevice(device, DeviceDescription.Create("Phone"), Later);
        await UserStore.UpdateAsync(login, CancellationToken.None);

        edit.Rename(FullName.Create("Edited After"), Later);
        await UserStore.UpdateAsync(edit, CancellationToken.None);

        var stored = await ReadAsync(user.Id);
        Assert.That(stored.FullName.Value, Is.EqualTo("Edited After"));
        Assert.That(await UserStore.HasSessionAsync(user.Id, device, login.SessionOf(device), CancellationToken.None), Is.True, "the edit did not write the devices it read");
    }

    [Test]
    public async Task Touch_WhenAProfileEditWasSavedSinceTheRead_BothStandAndTheEditKeepsTheTouch()
    {
        var (user, device) = await UserWithDeviceAsync();
        var refresh = await ReadAsync(user.Id);
        var edit = await ReadAsync(user.Id);
        edit.Rename(FullName.Create("Edited Meanwhile"), Later);
        await UserStore.UpdateAsync(edit, CancellationToken.None);

        refresh.TouchDevice(device, Later.AddMinutes(5));
        await UserStore.UpdateAsync(refresh, CancellationToken.None);
        var lateEdit = await ReadAsync(user.Id);
        lateEdit.Rename(FullName.Create("Edited Again"), Later.AddMinutes(6));
        await UserStore.UpdateAsync(lateEdit, CancellationToken.None);

        var stored = await ReadAsync(user.Id);
        Assert.That(stored.FullName.Value, Is.EqualTo("Edited Again"));
        Assert.That(stored.Devices.Single().LastUsed, Is.EqualTo(Later.AddMinutes(5)));
    }

    [Test]
    public async Task Touch_FromAReadOlderThanALaterTouch_NeverMovesLastUsedBack()
    {
        var (user, device) = await UserWithDeviceAsync();
        var early = await ReadAsync(user.Id);
        var late = await ReadAsync(user.Id);
        late.TouchDevice(device, Later.AddMinutes(10));
        await UserStore.UpdateAsync(late, CancellationToken.None);

        early.TouchDevice(device, Later.AddMinutes(1));
        await UserStore.UpdateAsync(early, CancellationToken.None);

        Assert.That((await ReadAsync(user.Id)).Devices.Single().LastUsed, Is.EqualTo(Later.AddMinutes(10)));
    }

    [Test]
    public async Task Touch_OfASessionThatEndedSinceTheRead_ChangesNothingAndIsNoConflict()
    {
        var (user, device) = await UserWithDeviceAsync();
        var refresh = await ReadAsync(user.Id);
        var logout = await ReadAsync(user.Id);
        logout.Logout(device);
        await UserStore.UpdateAsync(logout, CancellationToken.None);

        refresh.TouchDevice(device, Later);
        await UserStore.UpdateAsync(refresh, CancellationToken.None);

        Assert.That((await ReadAsync(user.Id)).Devices, Is.Empty, "a touch never brings a device back");
    }

    [Test]
    public async Task LinksAndProfileEdits_WhenRacing_EveryLinkStandsAndEachEditIsAppliedOrAConflict()
    {
        var user = await StoredUserAsync();
        var devices = Enumerable.Range(0, 12).Select(_ => DeviceId.New()).ToArray();

        var links = devices.Select(async (device, i) =>
        {
            var login = await ReadAsync(user.Id);
            login.LinkDevice(device, DeviceDescription.Create($"Device {i}"), Later.AddSeconds(i));
            await UserStore.UpdateAsync(login, CancellationToken.None);
            return login.SessionOf(device);
        }).ToList();
        var edits = Enumerable.Range(0, 24).Select(async i =>
        {
            var edit = await ReadAsync(user.Id);
            edit.Rename(FullName.Create($"Name {i}"), Later.AddSeconds(i));
            try
            {
                await UserStore.UpdateAsync(edit, CancellationToken.None);
                return (Name: $"Name {i}", Version: edit.Version);
            }
            catch (ConcurrencyException)
            {
                return (Name: (string?)null, Version: -1L);
            }
        }).ToList();
        var sessions = await Task.WhenAll(links);
        var outcomes = await Task.WhenAll(edits);

        var stored = await ReadAsync(user.Id);
        var applied = outcomes.Where(o => o.Name is not null).ToList();
        using (Assert.EnterMultipleScope())
        {
            for (var i = 0; i < devices.Length; i++)
            {
                Assert.That(stored.HasSession(devices[i], sessions[i]), Is.True, $"device {i} was linked");
            }

            Assert.That(applied, Is.Not.Empty);
            Assert.That(stored.Version, Is.EqualTo(user.Version + applied.Count), "every applied edit moved the version once: none was lost");
            Assert.That(applied.Select(a => a.Version), Is.Unique, "no two edits were applied from the same version");
            Assert.That(stored.FullName.Value, Is.EqualTo(applied.MaxBy(a => a.Version).Name));
        }
    }

    [Test]
    public async Task Logout_FromAReadOlderThanAProfileEdit_IsSeenByTheNextSessionCheck()
    {
        var (user, device) = await UserWithDeviceAsync();
        var session = user.SessionOf(device);
        var logout = await ReadAsync(user.Id);
        var edit = await ReadAsync(user.Id);
        edit.Rename(FullName.Create("Edited Meanwhile"), Later);
        await UserStore.UpdateAsync(edit, CancellationToken.None);

        logout.Logout(device);
        await UserStore.UpdateAsync(logout, CancellationToken.None);

        Assert.That(await UserStore.HasSessionAsync(user.Id, device, session, CancellationToken.None), Is.False);
        Assert.That((await ReadAsync(user.Id)).FullName.Value, Is.EqualTo("Edited Meanwhile"));
    }

    [Test]
    public async Task PasswordChange_EndsEveryOtherSession_AlsoOnesLinkedSinceTheRead()
    {
        var (user, kept) = await UserWithDeviceAsync();
        var change = await ReadAsync(user.Id);
        var login = await ReadAsync(user.Id);
        var linkedMeanwhile = DeviceId.New();
        login.LinkDevice(linkedMeanwhile, DeviceDescription.Create("Phone"), Later);
        await UserStore.UpdateAsync(login, CancellationToken.None);

        change.ChangePassword(Users.Hash("second"), kept, Later.AddMinutes(1));
        await UserStore.UpdateAsync(change, CancellationToken.None);

        var stored = await ReadAsync(user.Id);
        Assert.That(stored.PasswordHash, Is.EqualTo(Users.Hash("second")));
        Assert.That(stored.Devices.Select(d => d.DeviceId), Is.EqualTo(new[] { kept }));
        Assert.That(await UserStore.HasSessionAsync(user.Id, linkedMeanwhile, login.SessionOf(linkedMeanwhile), CancellationToken.None), Is.False);
        Assert.That(await UserStore.HasSessionAsync(user.Id, kept, user.SessionOf(kept), CancellationToken.None), Is.True);
    }

    [Test]
    public async Task PasswordReset_EndsEverySession()
    {
        var (user, device) = await UserWithDeviceAsync();
        var reset = await ReadAsync(user.Id);

        reset.ResetPassword(Users.Hash("reset"), Later);
        await UserStore.UpdateAsync(reset, CancellationToken.None);

        Assert.That(await UserStore.HasSessionAsync(user.Id, device, user.SessionOf(device), CancellationToken.None), Is.False);
        Assert.That((await ReadAsync(user.Id)).Devices, Is.Empty);
    }

    [Test]
    public async Task Link_WhenThePasswordChangedSinceTheRead_IsAConflictAndLinksNothing()
    {
        var user = await StoredUserAsync();
        var login = await ReadAsync(user.Id);
        var change = await ReadAsync(user.Id);
        change.ChangePassword(Users.Hash("second"), keepDevice: null, Later);
        await UserStore.UpdateAsync(change, CancellationToken.None);

        login.LinkDevice(DeviceId.New(), DeviceDescription.Create("Phone"), Later.AddMinutes(1));

        Assert.ThrowsAsync<ConcurrencyException>(() => UserStore.UpdateAsync(login, CancellationToken.None));
        Assert.That((await ReadAsync(user.Id)).Devices, Is.Empty, "a login with the old password never outlives the change");
    }

    [Test]
    public async Task Link_WhenTheAddressChangedSinceTheRead_IsAConflictAndLinksNothing()
    {
        var user = await StoredUserAsync();
        var login = await ReadAsync(user.Id);
        var change = await ReadAsync(user.Id);
        change.ChangeEmail(EmailAddress.Create(Users.UniqueEmail()), Later);
        await UserStore.UpdateAsync(change, CancellationToken.None);

        login.LinkDevice(DeviceId.New(), DeviceDescription.Create("Phone"), Later.AddMinutes(1));

        Assert.ThrowsAsync<ConcurrencyException>(() => UserStore.UpdateAsync(login, CancellationToken.None));
        Assert.That((await ReadAsync(user.Id)).Devices, Is.Empty);
    }

    [Test]
    public async Task Link_WhenTheSameDeviceWasLinkedSinceTheRead_IsAConflictAndKeepsTheFirstSession()
    {
        var user = await StoredUserAsync();
        var device = DeviceId.New();
        var first = await LinkFromTwoReadsAsync(user.Id, device);

        Assert.That(await UserStore.HasSessionAsync(user.Id, device, first.SessionOf(device), CancellationToken.None), Is.True);
    }

    [Test]
    public async Task Relink_WhenTheDeviceLoggedInAgainSinceTheRead_IsAConflictAndKeepsTheNewerSession()
    {
        var (user, device) = await UserWithDeviceAsync();
        var first = await LinkFromTwoReadsAsync(user.Id, device);

        Assert.That((await ReadAsync(user.Id)).Devices.Single().SessionId, Is.EqualTo(first.SessionOf(device)));
    }

    [Test]
    public async Task Link_AtTheDeviceLimit_LogsOutTheLeastRecentlyUsedAndNeverExceedsTheLimit()
    {
        var user = Users.New();
        var devices = Enumerable.Range(0, User.DeviceLimit).Select(_ => DeviceId.New()).ToArray();
        for (var i = 0; i < devices.Length; i++)
        {
            user.LinkDevice(devices[i], DeviceDescription.Create($"Device {i}"), Users.Epoch.AddMinutes(i));
        }

        await UserStore.AddAsync(user, CancellationToken.None);
        var first = await ReadAsync(user.Id);
        var second = await ReadAsync(user.Id);
        first.LinkDevice(DeviceId.New(), DeviceDescription.Create("Newest"), Later);
        await UserStore.UpdateAsync(first, CancellationToken.None);

        second.LinkDevice(DeviceId.New(), DeviceDescription.Create("Racing"), Later);

        Assert.ThrowsAsync<ConcurrencyException>(() => UserStore.UpdateAsync(second, CancellationToken.None), "the room it counted on is taken");
        var stored = await ReadAsync(user.Id);
        Assert.That(stored.Devices, Has.Count.EqualTo(User.DeviceLimit));
        Assert.That(stored.Devices.Select(d => d.DeviceId), Has.No.Member(devices[0]), "the least recently used was logged out");
        Assert.That(stored.Devices.Select(d => d.DeviceId), Is.EqualTo(first.Devices.Select(d => d.DeviceId)));
    }

    [Test]
    public async Task Links_WhenManyRaceForTheLastFreeSlot_OneTakesItAndTheLimitHolds()
    {
        var user = Users.New();
        for (var i = 0; i < User.DeviceLimit - 1; i++)
        {
            user.LinkDevice(DeviceId.New(), DeviceDescription.Create($"Device {i}"), Users.Epoch.AddMinutes(i));
        }

        await UserStore.AddAsync(user, CancellationToken.None);
        var logins = new List<User>();
        for (var i = 0; i < 16; i++)
        {
            var login = await ReadAsync(user.Id);
            login.LinkDevice(DeviceId.New(), DeviceDescription.Create($"Racing {i}"), Later.AddSeconds(i));
            logins.Add(login);
        }

        var linked = await Task.WhenAll(logins.Select(login => Task.Run(async () =>
        {
            try
            {
                await UserStore.UpdateAsync(login, CancellationToken.None);
                return true;
            }
            catch (ConcurrencyException)
            {
                return false;
            }
        })));

        Assert.That(linked.Count(l => l), Is.EqualTo(1), "one link took the last free slot; the others counted on room that was taken");
        Assert.That((await ReadAsync(user.Id)).Devices, Has.Count.EqualTo(User.DeviceLimit));
    }

    private async Task<User> ReadAsync(UserId id) =>
        await UserStore.FindByIdAsync(id, CancellationToken.None) ?? throw new InvalidOperationException("the user is gone");

    /// <summary>
    /// Two requests read the user and both link the device: the first save stands and the second
    /// is refused as a conflict. Returns the first.
    /// </summary>
    private async Task<User> LinkFromTwoReadsAsync(UserId id, DeviceId device)
    {
        var first = await ReadAsync(id);
        var second = await ReadAsync(id);
        first.LinkDevice(device, DeviceDescription.Create("First"), Later);
        await UserStore.UpdateAsync(first, CancellationToken.None);

        second.LinkDevice(device, DeviceDescription.Create("Second"), Later.AddMinutes(1));

        Assert.ThrowsAsync<ConcurrencyException>(() => UserStore.UpdateAsync(second, CancellationToken.None));
        return first;
    }
}
