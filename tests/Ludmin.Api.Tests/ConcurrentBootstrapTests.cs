using Ludmin.Api.Tests.Support;
using Microsoft.Data.Sqlite;
using Npgsql;

namespace Ludmin.Api.Tests;

/// <summary>
/// Several instances started at once with the same bootstrap master, against one fresh store (a
/// SQLite file, or an empty PostgreSQL database, whose schema they also race to make): each finds
/// no master, each tries to create it, and the store lets one through. Every instance must still
/// start, and the store must hold exactly one user, the master.
/// </summary>
[TestFixture(TestStore.Sqlite)]
[TestFixture(TestStore.Postgres)]
public sealed class ConcurrentBootstrapTests(TestStore store)
{
    private const int Instances = 4;
    private const string MasterEmail = "root@example.com";

    private string _dataDirectory = null!;
    private string? _postgres;

    [SetUp]
    public async Task CreateStoreAsync()
    {
        _dataDirectory = Directory.CreateTempSubdirectory("ludmin-bootstrap-race-").FullName;
        _postgres = store == TestStore.Postgres ? await TestPostgres.CreateDatabaseAsync("ludmin_bootstrap") : null;
    }

    [TearDown]
    public void DeleteFolder() => Directory.Delete(_dataDirectory, recursive: true);

    [Test]
    public async Task Start_WhenSeveralInstancesBootstrapTheSameMasterAtOnce_AllStartAndOneMasterExists()
    {
        var factories = Enumerable.Range(0, Instances).Select(_ => new LudminFactory(new LudminFactoryOptions
        {
            DataDirectory = _dataDirectory,
            PostgresConnectionString = _postgres,
            MasterEmail = MasterEmail,
            MasterPassword = LudminApi.Password,
        })).ToList();
        try
        {
            using var go = new Barrier(Instances);

            // Building the host runs the start-up tasks: the migration, then the bootstrap master.
            var starts = factories.Select(f => Task.Run(() =>
            {
                go.SignalAndWait();
                _ = f.Services;
            })).ToList();

            Assert.That(async () => await Task.WhenAll(starts), Throws.Nothing);
            using (Assert.EnterMultipleScope())
            {
                Assert.That(await ScalarAsync("SELECT count(*) FROM users"), Is.EqualTo(1));
                Assert.That(await ScalarAsync($"SELECT count(*) FROM users WHERE is_master = {(store == TestStore.Postgres ? "true" : "1")}"), Is.EqualTo(1));
                Assert.That(await ScalarAsync($"SELECT count(*) FROM user_emails WHERE normalized = '{MasterEmail}' AND is_current = {(store == TestStore.Postgres ? "true" : "1")}"), Is.EqualTo(1));
            }

            var token = await new LudminApi(factories[^1]).LoginAsync(MasterEmail, LudminApi.Password);
            Assert.That(TestTokens.Allowed(token.Token), Is.EquivalentTo(new[] { "basics", "master" }));
        }
        finally
        {
            foreach (var factory in factories)
            {
                await factory.DisposeAsync();
            }
        }
    }

    private async Task<long> ScalarAsync(string sql)
    {
        if (_postgres is not null)
        {
            await using var server = new NpgsqlConnection(_postgres);
            await server.OpenAsync();
            await using var query = new NpgsqlCommand(sql, server);
            return (long)(await query.ExecuteScalarAsync())!;
        }

        await using var connection = new SqliteConnection(new SqliteConnectionStringBuilder
        {
            DataSource = Path.Combine(_dataDirectory, "ludmin.db"),
            Mode = SqliteOpenMode.ReadOnly,
            Pooling = false,
        }.ToString());
        await connection.OpenAsync();
        await using var command = connection.CreateCommand();
        command.CommandText = sql;
        return (long)(await command.ExecuteScalarAsync())!;
    }
}
