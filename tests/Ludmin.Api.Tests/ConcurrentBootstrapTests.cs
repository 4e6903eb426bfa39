using Ludmin.Api.Tests.Support;
using Microsoft.Data.Sqlite;

namespace Ludmin.Api.Tests;

/// <summary>
/// Several instances started at once with the same bootstrap master, against one fresh SQLite
/// file: each finds no master, each tries to create it, and the store lets one through. Every
/// instance must still start, and the file must hold exactly one user, the master.
/// </summary>
public sealed class ConcurrentBootstrapTests
{
    private const int Instances = 4;
    private const string MasterEmail = "root@example.com";

    private string _dataDirectory = null!;

    [SetUp]
    public void CreateFolder() => _dataDirectory = Directory.CreateTempSubdirectory("ludmin-bootstrap-race-").FullName;

    [TearDown]
    public void DeleteFolder() => Directory.Delete(_dataDirectory, recursive: true);

    [Test]
    public async Task Start_WhenSeveralInstancesBootstrapTheSameMasterAtOnce_AllStartAndOneMasterExists()
    {
        var factories = Enumerable.Range(0, Instances).Select(_ => new LudminFactory(new LudminFactoryOptions
        {
            DataDirectory = _dataDirectory,
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
                Assert.That(await ScalarAsync("SELECT count(*) FROM users WHERE is_master = 1"), Is.EqualTo(1));
                Assert.That(await ScalarAsync($"SELECT count(*) FROM user_emails WHERE normalized = '{MasterEmail}' AND is_current = 1"), Is.EqualTo(1));
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
