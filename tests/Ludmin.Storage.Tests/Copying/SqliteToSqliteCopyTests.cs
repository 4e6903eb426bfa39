using Ludmin.Storage.Tests.Sqlite;

namespace Ludmin.Storage.Tests.Copying;

/// <summary>The copier's logic against a real engine on both sides: SQLite into a second SQLite file.</summary>
[TestFixture]
public sealed class SqliteToSqliteCopyTests : StoreCopyContract
{
    private protected override async Task<ICopyTargetUnderTest> CreateTargetAsync() => await TemporarySqliteStore.CreateAsync();
}
