using Ludmin.Storage.Tests.Contract;

namespace Ludmin.Storage.Tests.Sqlite;

/// <summary>The storage contract against a real SQLite file, in every test run.</summary>
[TestFixture]
public sealed class SqliteStorageContractTests : StorageContract
{
    protected override async Task<IStoreUnderTest> CreateStoreAsync() => await TemporarySqliteStore.CreateAsync();
}
