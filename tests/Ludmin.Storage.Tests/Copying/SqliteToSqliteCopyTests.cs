using Ludmin.Domain.PasswordResets;
using Ludmin.Domain.Users;
using Ludmin.Infrastructure.Storage.Copying;
using Ludmin.Infrastructure.Storage.Sqlite;

namespace Ludmin.Storage.Tests.Copying;

/// <summary>The copier's logic against a real engine on both sides: SQLite into a second SQLite file.</summary>
[TestFixture]
public sealed class SqliteToSqliteCopyTests : StoreCopyContract
{
    private protected override async Task<ICopyTargetUnderTest> CreateTargetAsync()
    {
        var target = new SqliteTarget();
        await target.Database.InitializeAsync(CancellationToken.None);
        return target;
    }

    private sealed class SqliteTarget : ICopyTargetUnderTest
    {
        private readonly string _folder = Directory.CreateTempSubdirectory("ludmin-copy-target-").FullName;

        public SqliteTarget()
        {
            Database = new SqliteDatabase(Path.Combine(_folder, "target.db"), readerThreads: 2);
            Target = new SqliteStoreCopyTarget(Database);
            Users = new SqliteUserRepository(Database);
            Resets = new SqlitePasswordResetRepository(Database);
        }

        public SqliteDatabase Database { get; }

        public IStoreCopyTarget Target { get; }

        public IUserRepository Users { get; }

        public IPasswordResetRepository Resets { get; }

        public ValueTask DisposeAsync()
        {
            Database.Dispose();
            Directory.Delete(_folder, recursive: true);
            return ValueTask.CompletedTask;
        }
    }
}
