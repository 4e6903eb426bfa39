using Ludmin.Storage.Tests.Copying;

namespace Ludmin.Storage.Tests.Postgres;

/// <summary>copy-store's route into PostgreSQL (<c>--to-postgres</c>): a real SQLite file into a real server.</summary>
[TestFixture]
public sealed class PostgresCopyTests : StoreCopyContract
{
    private PostgresTestDatabase _database = null!;

    [OneTimeSetUp]
    public async Task CreateDatabaseAsync() => _database = await PostgresTestDatabase.CreateAsync("ludmin_copy");

    [OneTimeTearDown]
    public async Task DisposeDatabaseAsync() => await _database.DisposeAsync();

    private protected override async Task<ICopyTargetUnderTest> CreateTargetAsync() => await _database.EmptyStoreAsync();
}
