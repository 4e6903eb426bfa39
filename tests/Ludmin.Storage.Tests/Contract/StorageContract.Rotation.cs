using Ludmin.Domain.Common;
using Ludmin.Domain.Users;

namespace Ludmin.Storage.Tests.Contract;

/// <summary>
/// Refresh rotation: a refresh moves the session to its next generation under a compare-and-set
/// on the generation (never the user's version), so of two refreshes racing with one generation
/// the store takes one; a reused refresh ends the session, but never a newer login on the device.
/// </summary>
public abstract partial class StorageContract
{
    private static readonly TimeSpan Grace = TimeSpan.FromSeconds(10);

    [Test]
    public async Task Rotation_IsStoredWithItsGenerationAndTime_AndTheSessionGoesOn()
    {
        var (user, device) = await UserWithDeviceAsync();
        var refresh = await ReadAsync(user.Id);
        var session = refresh.SessionOf(device);

        Assert.That(refresh.RefreshSession(device, session, 0, Later, Grace), Is.EqualTo(SessionRefresh.Rotated));
        await UserStore.UpdateAsync(refresh, CancellationToken.None);

        var stored = await ReadAsync(user.Id);
        UserAssert.SameState(stored, refresh);
        Assert.That(stored.GenerationOf(device), Is.EqualTo(1));
        Assert.That(stored.Devices.Single().RotatedAt, Is.EqualTo(Later));
        Assert.That(stored.Version, Is.EqualTo(user.Version), "a rotation does not move the profile's version");
        Assert.That(await UserStore.HasSessionAsync(user.Id, device, session, CancellationToken.None), Is.True);
    }

    [Test]
    public async Task Rotation_EveryRefreshWithTheNewestGeneration_MovesOnEachTime()
    {
        var (user, device) = await UserWithDeviceAsync();
        for (var generation = 0; generation < 3; generation++)
        {
            var refresh = await ReadAsync(user.Id);
            refresh.RefreshSession(device, refresh.SessionOf(device), generation, Later.AddMinutes(generation), Grace);
            await UserStore.UpdateAsync(refresh, CancellationToken.None);
        }

        var stored = await ReadAsync(user.Id);
        Assert.That(stored.GenerationOf(device), Is.EqualTo(3));
        Assert.That(stored.Devices.Single().RotatedAt, Is.EqualTo(Later.AddMinutes(2)));
    }

    [Test]
    public async Task Rotation_WhenAnotherRefreshOfTheSameGenerationWonSinceTheRead_IsAConflictAndKeepsTheWinner()
    {
        var (user, device) = await UserWithDeviceAsync();
        var winner = await ReadAsync(user.Id);
        var loser = await ReadAsync(user.Id);
        var session = winner.SessionOf(device);
        winner.RefreshSession(device, session, 0, Later, Grace);
        await UserStore.UpdateAsync(winner, CancellationToken.None);

        loser.RefreshSession(device, session, 0, Later.AddMilliseconds(5), Grace);

        Assert.ThrowsAsync<ConcurrencyException>(() => UserStore.UpdateAsync(loser, CancellationToken.None), "the store decides: one move per generation");
        var stored = await ReadAsync(user.Id);
        Assert.That(stored.GenerationOf(device), Is.EqualTo(1));
        Assert.That(stored.Devices.Single().RotatedAt, Is.EqualTo(Later));

        // The loser reads again: the generation it holds was just replaced, so it goes on at the winner's.
        var again = await ReadAsync(user.Id);
        Assert.That(again.RefreshSession(device, session, 0, Later.AddMilliseconds(6), Grace), Is.EqualTo(SessionRefresh.WithinGrace));
        await UserStore.UpdateAsync(again, CancellationToken.None);
        Assert.That((await ReadAsync(user.Id)).GenerationOf(device), Is.EqualTo(1));
    }

    [Test]
    public async Task Rotation_RacingSavesOfOneGeneration_TheStoreTakesExactlyOne()
    {
        var (user, device) = await UserWithDeviceAsync();
        var reads = await Task.WhenAll(Enumerable.Range(0, 6).Select(_ => ReadAsync(user.Id)));
        foreach (var (read, i) in reads.Select((r, i) => (r, i)))
        {
            read.RefreshSession(device, read.SessionOf(device), 0, Later.AddMilliseconds(i), Grace);
        }

        var taken = await Task.WhenAll(reads.Select(async read =>
        {
            try
            {
                await UserStore.UpdateAsync(read, CancellationToken.None);
                return true;
            }
            catch (ConcurrencyException)
            {
                return false;
            }
        }));

        Assert.That(taken.Count(t => t), Is.EqualTo(1));
        Assert.That((await ReadAsync(user.Id)).GenerationOf(device), Is.EqualTo(1));
    }

    [Test]
    public async Task Rotation_WhenAProfileEditWasSavedSinceTheRead_BothStand()
    {
        var (user, device) = await UserWithDeviceAsync();
        var refresh = await ReadAsync(user.Id);
        var edit = await ReadAsync(user.Id);
        edit.Rename(FullName.Create("Edited Meanwhile"), Later);
        await UserStore.UpdateAsync(edit, CancellationToken.None);

        refresh.RefreshSession(device, refresh.SessionOf(device), 0, Later.AddMinutes(1), Grace);
        await UserStore.UpdateAsync(refresh, CancellationToken.None);
        var lateEdit = await ReadAsync(user.Id);
        lateEdit.Rename(FullName.Create("Edited Again"), Later.AddMinutes(2));
        await UserStore.UpdateAsync(lateEdit, CancellationToken.None);

        var stored = await ReadAsync(user.Id);
        Assert.That(stored.FullName.Value, Is.EqualTo("Edited Again"));
        Assert.That(stored.GenerationOf(device), Is.EqualTo(1), "a profile edit does not write the devices it read");
    }

    [Test]
    public async Task Rotation_WhenTheDeviceLoggedInAgainSinceTheRead_IsAConflictAndTheNewLoginStartsAtTheFirstGeneration()
    {
        var (user, device) = await UserWithDeviceAsync();
        var refresh = await ReadAsync(user.Id);
        var login = await ReadAsync(user.Id);
        var oldSession = refresh.SessionOf(device);
        login.LinkDevice(device, null, Later);
        await UserStore.UpdateAsync(login, CancellationToken.None);

        refresh.RefreshSession(device, oldSession, 0, Later.AddMinutes(1), Grace);

        Assert.ThrowsAsync<ConcurrencyException>(() => UserStore.UpdateAsync(refresh, CancellationToken.None));
        var stored = await ReadAsync(user.Id);
        Assert.That(stored.SessionOf(device), Is.EqualTo(login.SessionOf(device)));
        Assert.That(stored.GenerationOf(device), Is.EqualTo(LinkedDevice.FirstGeneration));
    }

    [Test]
    public async Task Relink_AfterRotations_StoresTheNewSessionAtTheFirstGeneration()
    {
        var (user, device) = await UserWithDeviceAsync();
        var refresh = await ReadAsync(user.Id);
        refresh.RefreshSession(device, refresh.SessionOf(device), 0, Later, Grace);
        await UserStore.UpdateAsync(refresh, CancellationToken.None);

        var login = await ReadAsync(user.Id);
        login.LinkDevice(device, null, Later.AddMinutes(1));
        await UserStore.UpdateAsync(login, CancellationToken.None);

        var stored = await ReadAsync(user.Id);
        Assert.That(stored.GenerationOf(device), Is.EqualTo(LinkedDevice.FirstGeneration));
        Assert.That(stored.Devices.Single().RotatedAt, Is.Null);
    }

    [Test]
    public async Task Reuse_PastTheGrace_EndsTheSessionForEveryTokenOfItOnTheNextCheck()
    {
        var (user, device) = await UserWithDeviceAsync();
        var other = DeviceId.New();
        var second = await ReadAsync(user.Id);
        second.LinkDevice(other, null, Later);
        await UserStore.UpdateAsync(second, CancellationToken.None);
        var refresh = await ReadAsync(user.Id);
        var session = refresh.SessionOf(device);
        refresh.RefreshSession(device, session, 0, Later, Grace);
        await UserStore.UpdateAsync(refresh, CancellationToken.None);

        var reuse = await ReadAsync(user.Id);
        Assert.That(reuse.RefreshSession(device, session, 0, Later + Grace + TimeSpan.FromSeconds(1), Grace), Is.EqualTo(SessionRefresh.Reused));
        await UserStore.UpdateAsync(reuse, CancellationToken.None);

        Assert.That(await UserStore.HasSessionAsync(user.Id, device, session, CancellationToken.None), Is.False, "whatever generation a token of it carries");
        var stored = await ReadAsync(user.Id);
        Assert.That(stored.Devices.Select(d => d.DeviceId), Has.No.Member(device), "the device is unlinked");
        Assert.That(stored.HasSession(other, second.SessionOf(other)), Is.True, "the user's other devices stay");
    }

    [Test]
    public async Task Reuse_WhenTheDeviceLoggedInAgainSinceTheRead_IsAConflictAndTheNewLoginStands()
    {
        var (user, device) = await UserWithDeviceAsync();
        var refresh = await ReadAsync(user.Id);
        var session = refresh.SessionOf(device);
        refresh.RefreshSession(device, session, 0, Later, Grace);
        await UserStore.UpdateAsync(refresh, CancellationToken.None);
        var reuse = await ReadAsync(user.Id);
        var login = await ReadAsync(user.Id);
        login.LinkDevice(device, null, Later.AddMinutes(1));
        await UserStore.UpdateAsync(login, CancellationToken.None);

        reuse.RefreshSession(device, session, 0, Later.AddMinutes(2), Grace);

        Assert.ThrowsAsync<ConcurrencyException>(() => UserStore.UpdateAsync(reuse, CancellationToken.None));
        Assert.That(await UserStore.HasSessionAsync(user.Id, device, login.SessionOf(device), CancellationToken.None), Is.True);
    }

    [Test]
    public async Task Reuse_WhenTheSessionHadAlreadyEnded_IsAConflictSoItsEndIsRecordedOnce()
    {
        var (user, device) = await UserWithDeviceAsync();
        var refresh = await ReadAsync(user.Id);
        var session = refresh.SessionOf(device);
        refresh.RefreshSession(device, session, 0, Later, Grace);
        await UserStore.UpdateAsync(refresh, CancellationToken.None);
        var first = await ReadAsync(user.Id);
        var second = await ReadAsync(user.Id);
        first.RefreshSession(device, session, 0, Later.AddMinutes(1), Grace);
        await UserStore.UpdateAsync(first, CancellationToken.None);

        second.RefreshSession(device, session, 0, Later.AddMinutes(1), Grace);

        Assert.ThrowsAsync<ConcurrencyException>(() => UserStore.UpdateAsync(second, CancellationToken.None));
        Assert.That((await ReadAsync(user.Id)).Devices.Select(d => d.DeviceId), Has.No.Member(device));
    }
}
