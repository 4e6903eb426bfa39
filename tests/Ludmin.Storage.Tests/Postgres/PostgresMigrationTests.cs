using Ludmin.Infrastructure.Storage.Postgres;
using Npgsql;

namespace Ludmin.Storage.Tests.Postgres;

/// <summary>The schema is made once, under the migration lock, however many instances start at once.</summary>
[TestFixture]
public sealed class PostgresMigrationTests
{
    private const int Instances = 8;

    [Test]
    public async Task Initialize_WhenManyInstancesStartAtOnceOnAnEmptyDatabase_EndsWithOneSchema()
    {
        var connectionString = await PostgresServer.CreateDatabaseAsync("ludmin_migrate");
        var databases = Enumerable.Range(0, Instances).Select(_ => new PostgresDatabase(connectionString)).ToList();
        try
        {
            using var go = new Barrier(Instances);
            var starts = databases.Select(d => Task.Run(async () =>
            {
                go.SignalAndWait();
                await d.WaitUntilReadyAsync(CancellationToken.None);
            }));

            Assert.That(async () => await Task.WhenAll(starts), Throws.Nothing);
            await using var connection = new NpgsqlConnection(connectionString);
            await connection.OpenAsync();
            Assert.That(await PostgresSchema.CurrentVersionAsync(connection, null, CancellationToken.None), Is.EqualTo(PostgresSchema.Latest));
            await using var tables = new NpgsqlCommand("SELECT count(*) FROM pg_tables WHERE schemaname = 'public' AND tablename = 'users'", connection);
            Assert.That(await tables.ExecuteScalarAsync(), Is.EqualTo(1L));
        }
        finally
        {
            foreach (var database in databases)
            {
                await database.DisposeAsync();
            }
        }
    }

    [Test]
    public async Task Initialize_OnADatabaseOfANewerBuild_RefusesToStart()
    {
        var connectionString = await PostgresServer.CreateDatabaseAsync("ludmin_newer");
        await using (var first = new PostgresDatabase(connectionString))
        {
            await first.WaitUntilReadyAsync(CancellationToken.None);
        }

        await using (var connection = new NpgsqlConnection(connectionString))
        {
            await connection.OpenAsync();
            await using var newer = new NpgsqlCommand($"UPDATE schema_version SET version = {PostgresSchema.Latest + 1}", connection);
            await newer.ExecuteNonQueryAsync();
        }

        await using var database = new PostgresDatabase(connectionString);
        var refusal = Assert.ThrowsAsync<InvalidOperationException>(() => database.InitializeAsync(CancellationToken.None));

        Assert.That(refusal!.Message, Does.Contain("newer than this build knows"));
    }
}
