using Ludmin.Domain.LoginThrottles;
using Ludmin.Domain.PasswordResets;
using Ludmin.Domain.Users;
using Ludmin.Infrastructure.Storage.Copying;
using Ludmin.Infrastructure.Storage.Sqlite;
using Ludmin.Storage.Tests.Contract;
using Ludmin.Storage.Tests.Copying;

namespace Ludmin.Storage.Tests.Sqlite;

/// <summary>A real SQLite file in a folder of its own, deleted with the store: what every SQLite test runs against.</summary>
internal sealed class TemporarySqliteStore : IStoreUnderTest, ICopyTargetUnderTest
{
    private readonly string _folder = Directory.CreateTempSubdirectory("ludmin-sqlite-").FullName;

    private TemporarySqliteStore()
    {
        Database = new SqliteDatabase(Path.Combine(_folder, "ludmin.db"), readerThreads: 2);
        Users = new SqliteUserRepository(Database);
        Resets = new SqlitePasswordResetRepository(Database);
        Throttles = new SqliteLoginThrottleRepository(Database);
        Target = new SqliteStoreCopyTarget(Database);
    }

    public SqliteDatabase Database { get; }

    public IUserRepository Users { get; }

    public IPasswordResetRepository Resets { get; }

    public ILoginThrottleRepository Throttles { get; }

    public IStoreCopyTarget Target { get; }

    public static async Task<TemporarySqliteStore> CreateAsync()
    {
        var store = new TemporarySqliteStore();
        await store.Database.InitializeAsync(CancellationToken.None);
        return store;
    }

    public ValueTask DisposeAsync()
    {
        Database.Dispose();
        Directory.Delete(_folder, recursive: true);
        return ValueTask.CompletedTask;
    }
}
