using Ludmin.Domain.LoginThrottles;
using Ludmin.Domain.PasswordResets;
using Ludmin.Infrastructure.Storage;
using Ludmin.Infrastructure.Storage.Sqlite;
using Ludmin.Storage.Tests.Contract;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;

namespace Ludmin.Storage.Tests.Sqlite;

/// <summary>The background sweeper against a real SQLite file: SQLite has no expiry of its own.</summary>
public sealed class ExpiredRecordSweeperTests
{
    private string _folder = null!;

    [SetUp]
    public void CreateFolder() => _folder = Directory.CreateTempSubdirectory("ludmin-sweeper-").FullName;

    [TearDown]
    public void DeleteFolder() => Directory.Delete(_folder, recursive: true);

    [Test]
    public async Task FirstSweep_OnStart_RemovesExpiredThrottlesAndCodesAndKeepsTheRest()
    {
        var now = Users.Epoch.AddDays(1);
        using var database = new SqliteDatabase(Path.Combine(_folder, "ludmin.db"), 1);
        var users = new SqliteUserRepository(database);
        var resets = new SqlitePasswordResetRepository(database);
        var throttles = new SqliteLoginThrottleRepository(database);
        var expiredCodeOwner = Users.New();
        var livingCodeOwner = Users.New();
        await users.AddAsync(expiredCodeOwner, CancellationToken.None);
        await users.AddAsync(livingCodeOwner, CancellationToken.None);
        await resets.ReplaceAsync(PasswordReset.Issue(expiredCodeOwner.Id, "expired", now.AddHours(-1), TimeSpan.FromMinutes(15)), CancellationToken.None);
        await resets.ReplaceAsync(PasswordReset.Issue(livingCodeOwner.Id, "living", now, TimeSpan.FromMinutes(15)), CancellationToken.None);
        var forgotten = Throttles.Unsaved(Throttles.UniqueKey(), expiresAt: now.AddMinutes(-1));
        var remembered = Throttles.Unsaved(Throttles.UniqueKey(), expiresAt: now.AddMinutes(1));
        await throttles.SaveAsync(forgotten, CancellationToken.None);
        await throttles.SaveAsync(remembered, CancellationToken.None);
        await using var services = new ServiceCollection()
            .AddSingleton<IPasswordResetRepository>(resets)
            .AddSingleton<ILoginThrottleRepository>(throttles)
            .BuildServiceProvider();
        var scopes = new ObservedScopes(services.GetRequiredService<IServiceScopeFactory>());
        using var sweeper = new ExpiredRecordSweeper(scopes, new FixedClock(now), NullLogger<ExpiredRecordSweeper>.Instance);

        await sweeper.StartAsync(CancellationToken.None);
        await scopes.FirstSweepEnded;
        await sweeper.StopAsync(CancellationToken.None);

        Assert.That(await throttles.FindAsync(forgotten.Key, CancellationToken.None), Is.Null);
        ThrottleAssert.SameState(await throttles.FindAsync(remembered.Key, CancellationToken.None), remembered, version: 1);
        Assert.That(await resets.FindAsync(expiredCodeOwner.Id, CancellationToken.None), Is.Null);
        Assert.That((await resets.FindAsync(livingCodeOwner.Id, CancellationToken.None))?.CodeHash, Is.EqualTo("living"));
    }

    /// <summary>The sweeper's own clock; its timer stays the system's, and the first sweep runs on start without it.</summary>
    private sealed class FixedClock(DateTimeOffset now) : TimeProvider
    {
        public override DateTimeOffset GetUtcNow() => now;
    }

    /// <summary>The sweeper takes one scope per sweep and disposes of it when the sweep is over, whatever its outcome.</summary>
    private sealed class ObservedScopes(IServiceScopeFactory inner) : IServiceScopeFactory
    {
        private readonly TaskCompletionSource _firstSweepEnded = new(TaskCreationOptions.RunContinuationsAsynchronously);

        public Task FirstSweepEnded => _firstSweepEnded.Task;

        public IServiceScope CreateScope() => new Scope(inner.CreateScope(), _firstSweepEnded);

        private sealed class Scope(IServiceScope scope, TaskCompletionSource ended) : IServiceScope
        {
            public IServiceProvider ServiceProvider => scope.ServiceProvider;

            public void Dispose()
            {
                scope.Dispose();
                ended.TrySetResult();
            }
        }
    }
}
