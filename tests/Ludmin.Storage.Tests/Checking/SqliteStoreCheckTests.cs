using Ludmin.Infrastructure.Storage.Checking;
using Ludmin.Infrastructure.Storage.Sqlite;

namespace Ludmin.Storage.Tests.Checking;

/// <summary>check-store's SQLite checks against real files: a good one, and files that are off in one way each.</summary>
public sealed class SqliteStoreCheckTests
{
    private TemporarySqliteFile _file = null!;

    private string DatabasePath => _file.DatabasePath;

    [SetUp]
    public void CreateFolder() => _file = new TemporarySqliteFile("ludmin-check-");

    [TearDown]
    public void DeleteFolder() => _file.Dispose();

    [Test]
    public async Task Check_OfAStoreLudminMade_HoldsLineByLine()
    {
        await CreateStoreAsync();

        var report = await CheckAsync();

        Assert.That(report.Holds, Is.True);
        Assert.That(report.Store, Is.EqualTo($"SQLite file {DatabasePath}"));
        Assert.That(report.Items.Select(i => (i.Status, i.Subject, i.Detail)), Is.EqualTo(new[]
        {
            (StoreCheckStatus.Ok, "schema version", $"{SqliteSchema.Latest}, the latest this build knows"),
            (StoreCheckStatus.Ok, "integrity", "PRAGMA integrity_check: ok"),
            (StoreCheckStatus.Ok, "journal mode", "WAL (reads beside the writer)"),
            (StoreCheckStatus.Ok, "canary round trip", "a row written (committed), read back and deleted"),
        }));
        Assert.That(await _file.ScalarAsync("SELECT count(*) FROM login_throttles"), Is.Zero, "the canary is gone again");
        Assert.That(await _file.ScalarAsync("PRAGMA user_version"), Is.EqualTo(SqliteSchema.Latest), "the check migrates nothing");
    }

    [Test]
    public async Task Check_OfAStoreAtAnOlderSchemaVersion_Fails()
    {
        await CreateStoreAsync();
        await _file.ExecuteAsync($"PRAGMA user_version = {SqliteSchema.Latest - 1}");

        var report = await CheckAsync();

        Assert.That(report.Holds, Is.False);
        var schema = report.Items.Single(i => i.Subject == "schema version");
        Assert.That((schema.Status, schema.Detail), Is.EqualTo((StoreCheckStatus.Failed, $"{SqliteSchema.Latest - 1}, older than this build's {SqliteSchema.Latest}: the API migrates it on its next start")));
        Assert.That(await _file.ScalarAsync("PRAGMA user_version"), Is.EqualTo(SqliteSchema.Latest - 1), "the check migrates nothing");
    }

    [Test]
    public async Task Check_OfAStoreFromANewerBuild_Fails()
    {
        await CreateStoreAsync();
        await _file.ExecuteAsync($"PRAGMA user_version = {SqliteSchema.Latest + 1}");

        var report = await CheckAsync();

        Assert.That(report.Holds, Is.False);
        Assert.That(report.Items.Single(i => i.Subject == "schema version").Detail, Does.Contain("newer than this build's"));
    }

    [Test]
    public async Task Check_OfAStoreNotInWalMode_Fails()
    {
        await CreateStoreAsync();
        await _file.ExecuteAsync("PRAGMA journal_mode = DELETE");

        var report = await CheckAsync();

        Assert.That(report.Holds, Is.False);
        var journal = report.Items.Single(i => i.Subject == "journal mode");
        Assert.That((journal.Status, journal.Detail), Is.EqualTo((StoreCheckStatus.Failed, "delete, not WAL: readers would wait for every write")));
    }

    [Test]
    public async Task Check_OfAFileWithoutLudminsTables_FailsTheCanaryToo()
    {
        await _file.ExecuteAsync("PRAGMA journal_mode = WAL; CREATE TABLE other (x INTEGER)");

        var report = await CheckAsync();

        Assert.That(report.Holds, Is.False);
        Assert.That(report.Items.Single(i => i.Subject == "schema version").Detail, Does.StartWith("0, older"));
        Assert.That(report.Items.Single(i => i.Subject == "canary round trip").Detail, Does.Contain("no such table: login_throttles"));
    }

    [Test]
    public void Check_WhenThereIsNoFile_SaysWhereItLookedAndCreatesNone()
    {
        var error = Assert.ThrowsAsync<InvalidOperationException>(CheckAsync);

        Assert.That(error!.Message, Does.Contain(DatabasePath));
        Assert.That(File.Exists(DatabasePath), Is.False);
    }

    private Task<StoreCheckReport> CheckAsync() => new SqliteStoreCheck(DatabasePath, TimeProvider.System).RunAsync(CancellationToken.None);

    private async Task CreateStoreAsync()
    {
        using var database = new SqliteDatabase(DatabasePath, readerThreads: 1);
        await database.InitializeAsync(CancellationToken.None);
    }
}
