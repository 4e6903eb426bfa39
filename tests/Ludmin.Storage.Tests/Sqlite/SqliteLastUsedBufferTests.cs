using Ludmin.Domain.Users;
using Ludmin.Infrastructure.Storage.Sqlite;
using Ludmin.Storage.Tests.Contract;

namespace Ludmin.Storage.Tests.Sqlite;

/// <summary>
/// A refresh's last_used written behind on SQLite: seen at once by this process, on disk after
/// the next group write or at shutdown, never bringing back a session that ended meanwhile.
/// </summary>
public sealed class SqliteLastUsedBufferTests
{
    private static readonly DateTimeOffset Touched = Users.Epoch.AddHours(3);

    [Test]
    public async Task Touch_IsSeenAtOnceByReads_AndReachesTheFileByTheNextFlush()
    {
        await using var store = await TemporarySqliteStore.CreateAsync();
        var (user, device) = await UserWithDeviceAsync(store);

        await TouchAsync(store, user.Id, device);

        Assert.That(store.LastUsed.PendingCount, Is.EqualTo(1), "nothing was written yet");
        Assert.That(LastUsed(await store.Users.FindByIdAsync(user.Id, CancellationToken.None)), Is.EqualTo(Touched), "reads see it at once");
        Assert.That(LastUsed(await OnDiskAsync(store, user.Id)), Is.EqualTo(Users.Epoch), "the file does not have it yet");

        await store.LastUsed.FlushAsync(CancellationToken.None);

        Assert.That(store.LastUsed.PendingCount, Is.Zero);
        Assert.That(LastUsed(await OnDiskAsync(store, user.Id)), Is.EqualTo(Touched));
    }

    [Test]
    public async Task Flush_HappensByItselfWithinTheInterval()
    {
        await using var store = await TemporarySqliteStore.CreateAsync();
        var (user, device) = await UserWithDeviceAsync(store);

        await TouchAsync(store, user.Id, device);

        // Polls rather than timing: the assertion is that it happens, not how fast.
        for (var i = 0; i < 200 && store.LastUsed.PendingCount > 0; i++)
        {
            await Task.Delay(SqliteLastUsedBuffer.FlushInterval / 10);
        }

        Assert.That(LastUsed(await OnDiskAsync(store, user.Id)), Is.EqualTo(Touched));
    }

    [Test]
    public async Task Dispose_WritesWhatIsLeft()
    {
        var store = await TemporarySqliteStore.CreateAsync();
        var (user, device) = await UserWithDeviceAsync(store);
        await TouchAsync(store, user.Id, device);

        await store.LastUsed.DisposeAsync();

        Assert.That(LastUsed(await OnDiskAsync(store, user.Id)), Is.EqualTo(Touched));
        await store.DisposeAsync();
    }

    [Test]
    public async Task Flush_AfterTheSessionEnded_BringsNothingBack()
    {
        await using var store = await TemporarySqliteStore.CreateAsync();
        var (user, device) = await UserWithDeviceAsync(store);
        await TouchAsync(store, user.Id, device);
        var relogin = (await store.Users.FindByIdAsync(user.Id, CancellationToken.None))!;
        relogin.LinkDevice(device, DeviceDescription.Create("Again"), Users.Epoch.AddHours(1));
        await store.Users.UpdateAsync(relogin, CancellationToken.None);
        var logout = (await store.Users.FindByIdAsync(user.Id, CancellationToken.None))!;
        logout.Logout(device);
        await store.Users.UpdateAsync(logout, CancellationToken.None);

        await store.LastUsed.FlushAsync(CancellationToken.None);

        Assert.That((await OnDiskAsync(store, user.Id))!.Devices, Is.Empty);
        Assert.That(await store.Users.HasSessionAsync(user.Id, device, user.SessionOf(device), CancellationToken.None), Is.False);
    }

    [Test]
    public async Task Touch_OfAnOlderMomentThanStored_NeverMovesLastUsedBack()
    {
        await using var store = await TemporarySqliteStore.CreateAsync();
        var (user, device) = await UserWithDeviceAsync(store);
        var stale = (await store.Users.FindByIdAsync(user.Id, CancellationToken.None))!;
        await TouchAsync(store, user.Id, device);
        stale.TouchDevice(device, Users.Epoch.AddMinutes(1));

        await store.Users.UpdateAsync(stale, CancellationToken.None);
        await store.LastUsed.FlushAsync(CancellationToken.None);

        Assert.That(LastUsed(await OnDiskAsync(store, user.Id)), Is.EqualTo(Touched));
    }

    private static async Task<(User User, DeviceId Device)> UserWithDeviceAsync(TemporarySqliteStore store)
    {
        var user = Users.New();
        var device = DeviceId.New();
        user.LinkDevice(device, DeviceDescription.Create("Phone"), Users.Epoch);
        await store.Users.AddAsync(user, CancellationToken.None);
        return (user, device);
    }

    private static async Task TouchAsync(TemporarySqliteStore store, UserId id, DeviceId device)
    {
        var user = (await store.Users.FindByIdAsync(id, CancellationToken.None))!;
        user.TouchDevice(device, Touched);
        await store.Users.UpdateAsync(user, CancellationToken.None);
    }

    /// <summary>The file's state, without this process's pending last_used (as after a crash).</summary>
    private static Task<User?> OnDiskAsync(TemporarySqliteStore store, UserId id) =>
        new SqliteUserRepository(store.Database).FindByIdAsync(id, CancellationToken.None);

    private static DateTimeOffset LastUsed(User? user) => user!.Devices.Single().LastUsed;
}
