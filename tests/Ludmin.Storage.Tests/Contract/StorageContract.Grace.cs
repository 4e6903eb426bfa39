using Ludmin.Domain.Common;
using Ludmin.Domain.Users;

namespace Ludmin.Storage.Tests.Contract;

/// <summary>
/// The refresh grace's marker (issue 23, finding 4): a use of the grace is stored with the
/// session, under the same guard as a rotation, so the next use within a few rotations is seen
/// by every instance and ends the session as reused.
/// </summary>
public abstract partial class StorageContract
{
    [Test]
    public async Task GraceUse_IsStoredWithTheSessionAndDoesNotMoveTheGeneration()
    {
        var (user, device) = await UserWithDeviceAsync();
        var session = await RotatedOnceAsync(user.Id, device);

        var grace = await ReadAsync(user.Id);
        Assert.That(grace.RefreshSession(device, session, 0, Later.AddSeconds(1), Grace), Is.EqualTo(SessionRefresh.WithinGrace));
        await UserStore.UpdateAsync(grace, CancellationToken.None);

        var stored = await ReadAsync(user.Id);
        UserAssert.SameState(stored, grace);
        Assert.That(stored.Devices.Single().GraceGeneration, Is.EqualTo(1));
        Assert.That(stored.GenerationOf(device), Is.EqualTo(1));
    }

    [Test]
    public async Task GraceUse_WhenTheSessionRotatedSinceTheRead_IsAConflict()
    {
        var (user, device) = await UserWithDeviceAsync();
        var session = await RotatedOnceAsync(user.Id, device);
        var grace = await ReadAsync(user.Id);
        var rotation = await ReadAsync(user.Id);
        rotation.RefreshSession(device, session, 1, Later.AddSeconds(1), Grace);
        await UserStore.UpdateAsync(rotation, CancellationToken.None);

        grace.RefreshSession(device, session, 0, Later.AddSeconds(2), Grace);

        Assert.ThrowsAsync<ConcurrencyException>(() => UserStore.UpdateAsync(grace, CancellationToken.None), "counted before the next rotation, or not at all");
        Assert.That((await ReadAsync(user.Id)).Devices.Single().GraceGeneration, Is.Null);
    }

    [Test]
    public async Task GraceUsedAgainAtTheSameRotation_WhenTheSessionRotatedSinceTheRead_IsAConflict()
    {
        // The second use at one rotation only touches the session; under the rotation's guard, so
        // a refresh that lost the race reads again and sees its token two generations behind.
        var (user, device) = await UserWithDeviceAsync();
        var session = await RotatedOnceAsync(user.Id, device);
        var first = await ReadAsync(user.Id);
        first.RefreshSession(device, session, 0, Later.AddSeconds(1), Grace);
        await UserStore.UpdateAsync(first, CancellationToken.None);
        var again = await ReadAsync(user.Id);
        var rotation = await ReadAsync(user.Id);
        rotation.RefreshSession(device, session, 1, Later.AddSeconds(2), Grace);
        await UserStore.UpdateAsync(rotation, CancellationToken.None);

        Assert.That(again.RefreshSession(device, session, 0, Later.AddSeconds(3), Grace), Is.EqualTo(SessionRefresh.WithinGrace));

        Assert.ThrowsAsync<ConcurrencyException>(() => UserStore.UpdateAsync(again, CancellationToken.None), "the generation it hands out was replaced meanwhile");
        Assert.That((await ReadAsync(user.Id)).GenerationOf(device), Is.EqualTo(2));
    }

    [Test]
    public async Task GraceUsedAgainAtTheSameRotation_WhileTheGenerationHolds_TouchesTheSession()
    {
        var (user, device) = await UserWithDeviceAsync();
        var session = await RotatedOnceAsync(user.Id, device);
        var first = await ReadAsync(user.Id);
        first.RefreshSession(device, session, 0, Later.AddSeconds(1), Grace);
        await UserStore.UpdateAsync(first, CancellationToken.None);

        var again = await ReadAsync(user.Id);
        Assert.That(again.RefreshSession(device, session, 0, Later.AddSeconds(3), Grace), Is.EqualTo(SessionRefresh.WithinGrace));
        await UserStore.UpdateAsync(again, CancellationToken.None);

        var stored = await ReadAsync(user.Id);
        Assert.That(stored.GenerationOf(device), Is.EqualTo(1));
        Assert.That(stored.Devices.Single().GraceGeneration, Is.EqualTo(1));
    }

    [Test]
    public async Task GraceUse_AgainAtTheNextRotation_EndsTheSessionForEveryTokenOfIt()
    {
        var (user, device) = await UserWithDeviceAsync();
        var session = await RotatedOnceAsync(user.Id, device);
        var first = await ReadAsync(user.Id);
        first.RefreshSession(device, session, 0, Later.AddSeconds(1), Grace);
        await UserStore.UpdateAsync(first, CancellationToken.None);
        var rotation = await ReadAsync(user.Id);
        rotation.RefreshSession(device, session, 1, Later.AddMinutes(5), Grace);
        await UserStore.UpdateAsync(rotation, CancellationToken.None);

        var second = await ReadAsync(user.Id);
        Assert.That(second.RefreshSession(device, session, 1, Later.AddMinutes(5).AddSeconds(1), Grace), Is.EqualTo(SessionRefresh.Reused));
        await UserStore.UpdateAsync(second, CancellationToken.None);

        Assert.That(await UserStore.HasSessionAsync(user.Id, device, session, CancellationToken.None), Is.False);
    }

    [Test]
    public async Task Relink_AfterAGraceUse_StoresTheNewSessionWithoutIt()
    {
        var (user, device) = await UserWithDeviceAsync();
        var session = await RotatedOnceAsync(user.Id, device);
        var grace = await ReadAsync(user.Id);
        grace.RefreshSession(device, session, 0, Later.AddSeconds(1), Grace);
        await UserStore.UpdateAsync(grace, CancellationToken.None);

        var login = await ReadAsync(user.Id);
        login.LinkDevice(device, null, Later.AddMinutes(1));
        await UserStore.UpdateAsync(login, CancellationToken.None);

        Assert.That((await ReadAsync(user.Id)).Devices.Single().GraceGeneration, Is.Null);
    }

    /// <summary>One refresh at <see cref="Later"/>: the session is at generation 1, and 0 is within the grace.</summary>
    private async Task<SessionId> RotatedOnceAsync(UserId id, DeviceId device)
    {
        var refresh = await ReadAsync(id);
        var session = refresh.SessionOf(device);
        refresh.RefreshSession(device, session, 0, Later, Grace);
        await UserStore.UpdateAsync(refresh, CancellationToken.None);
        return session;
    }
}
