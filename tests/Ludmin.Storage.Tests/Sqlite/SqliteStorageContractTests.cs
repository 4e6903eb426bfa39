using Ludmin.Domain.LoginThrottles;
using Ludmin.Domain.PasswordResets;
using Ludmin.Domain.Users;
using Ludmin.Infrastructure.Storage.Sqlite;
using Ludmin.Storage.Tests.Contract;

namespace Ludmin.Storage.Tests.Sqlite;

/// <summary>The storage contract against a real SQLite file, in every test run.</summary>
[TestFixture]
public sealed class SqliteStorageContractTests : StorageContract
{
    protected override async Task<IStoreUnderTest> CreateStoreAsync()
    {
        var store = new SqliteStore();
        await store.Database.InitializeAsync(CancellationToken.None);
        return store;
    }

    private sealed class SqliteStore : IStoreUnderTest
    {
        private readonly string _folder = Directory.CreateTempSubdirectory("ludmin-sqlite-").FullName;

        public SqliteStore()
        {
            Database = new SqliteDatabase(Path.Combine(_folder, "ludmin.db"), readerThreads: 2);
            Users = new SqliteUserRepository(Database);
            Resets = new SqlitePasswordResetRepository(Database);
            Throttles = new SqliteLoginThrottleRepository(Database);
        }

        public SqliteDatabase Database { get; }

        public IUserRepository Users { get; }

        public IPasswordResetRepository Resets { get; }

        public ILoginThrottleRepository Throttles { get; }

        public ValueTask DisposeAsync()
        {
            Database.Dispose();
            Directory.Delete(_folder, recursive: true);
            return ValueTask.CompletedTask;
        }
    }
}
