using Ludmin.Storage.Tests.Contract;

namespace Ludmin.Storage.Tests.Postgres;

/// <summary>The whole storage contract against a real PostgreSQL server, in every test run (CI may not skip it).</summary>
[TestFixture]
public sealed class PostgresStorageContractTests : StorageContract
{
    private PostgresTestDatabase _database = null!;

    [OneTimeSetUp]
    public async Task CreateDatabaseAsync() => _database = await PostgresTestDatabase.CreateAsync("ludmin_contract");

    [OneTimeTearDown]
    public async Task DisposeDatabaseAsync() => await _database.DisposeAsync();

    protected override async Task<IStoreUnderTest> CreateStoreAsync() => await _database.EmptyStoreAsync();
}
