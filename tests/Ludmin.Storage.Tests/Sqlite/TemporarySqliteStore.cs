using Ludmin.Domain.SecondFactors;
using Ludmin.Domain.LoginThrottles;
using Ludmin.Domain.Passkeys;
using Ludmin.Domain.PasswordResets;
using Ludmin.Domain.Users;
using Ludmin.Infrastructure.Storage;
using Ludmin.Infrastructure.Storage.Copying;
using Ludmin.Infrastructure.Storage.Sqlite;
using Ludmin.Storage.Tests.Contract;
using Ludmin.Storage.Tests.Copying;
using Microsoft.Extensions.Logging.Abstractions;

namespace Ludmin.Storage.Tests.Sqlite;

/// <summary>A real SQLite file in a folder of its own, deleted with the store: what every SQLite test runs against.</summary>
internal sealed class TemporarySqliteStore : IStoreUnderTest, ICopyTargetUnderTest
{
    private readonly string _folder = Directory.CreateTempSubdirectory("ludmin-sqlite-").FullName;

    private TemporarySqliteStore()
    {
        Database = new SqliteDatabase(Path.Combine(_folder, "ludmin.db"), readerThreads: 2);
        LastUsed = new SqliteLastUsedBuffer(Database, NullLogger<SqliteLastUsedBuffer>.Instance);
        Users = new SqliteUserRepository(Database, LastUsed);
        Resets = new SqlitePasswordResetRepository(Database);
        Throttles = new SqliteLoginThrottleRepository(Database);
        SecondFactors = new SqliteSecondFactorRepository(Database);
        SecondFactorChallenges = new SqliteSecondFactorChallengeRepository(Database);
        Passkeys = new SqlitePasskeyRepository(Database);
        Challenges = new SqlitePasskeyChallengeRepository(Database);
        Target = new SqliteStoreCopyTarget(Database);
        Marker = new SqliteLiveStoreMarker(Database);
    }

    public SqliteDatabase Database { get; }

    /// <summary>As the API runs it: refreshes' last_used written behind.</summary>
    public SqliteLastUsedBuffer LastUsed { get; }

    public IUserRepository Users { get; }

    public IPasswordResetRepository Resets { get; }

    public ILoginThrottleRepository Throttles { get; }

    public ISecondFactorRepository SecondFactors { get; }

    public ISecondFactorChallengeRepository SecondFactorChallenges { get; }
    public IPasskeyRepository Passkeys { get; }

    public IPasskeyChallengeRepository Challenges { get; }

    public IStoreCopyTarget Target { get; }

    public ILiveStoreMarker Marker { get; }

    public static async Task<TemporarySqliteStore> CreateAsync()
    {
        var store = new TemporarySqliteStore();
        await store.Database.InitializeAsync(CancellationToken.None);
        return store;
    }

    public async ValueTask DisposeAsync()
    {
        await LastUsed.DisposeAsync();
        Database.Dispose();
        Directory.Delete(_folder, recursive: true);
    }
}
