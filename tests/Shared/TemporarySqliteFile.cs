using Microsoft.Data.Sqlite;

namespace Ludmin.Tests.Shared;

/// <summary>
/// A folder of its own for one test's SQLite file (<c>ludmin.db</c>, the name the API gives it in
/// its data folder), deleted with everything in it on dispose, and raw SQL against that file from
/// outside Ludmin, as an operator's tool (or damage) would touch it. Creating the store is the
/// test's: the schema is the infrastructure's, which not every test project sees.
/// </summary>
internal sealed class TemporarySqliteFile : IDisposable
{
    public TemporarySqliteFile(string prefix) => Folder = Directory.CreateTempSubdirectory(prefix).FullName;

    public string Folder { get; }

    public string DatabasePath => Path.Combine(Folder, "ludmin.db");

    /// <summary>Runs <paramref name="sql"/> on a connection of its own, unpooled so that no handle outlives it.</summary>
    public async Task ExecuteAsync(string sql)
    {
        await using var connection = new SqliteConnection($"Data Source={DatabasePath};Pooling=False");
        await connection.OpenAsync();
        await using var command = connection.CreateCommand();
        command.CommandText = sql;
        await command.ExecuteNonQueryAsync();
    }

    /// <summary>The one number <paramref name="sql"/> answers, read without the right to write.</summary>
    public async Task<long> ScalarAsync(string sql)
    {
        await using var connection = new SqliteConnection($"Data Source={DatabasePath};Mode=ReadOnly;Pooling=False");
        await connection.OpenAsync();
        await using var command = connection.CreateCommand();
        command.CommandText = sql;
        return (long)(await command.ExecuteScalarAsync())!;
    }

    public void Dispose() => Directory.Delete(Folder, recursive: true);
}
