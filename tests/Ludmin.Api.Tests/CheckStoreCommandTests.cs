using Ludmin.Api.Tests.Support;
using Ludmin.Infrastructure.Storage.Sqlite;

namespace Ludmin.Api.Tests;

/// <summary>
/// <c>Ludmin.Api check-store</c>: the program run with the command line against a data folder, as
/// an operator runs it. Settings are environment variables, which are process-wide, so this
/// class never runs beside another.
/// </summary>
[NonParallelizable]
public sealed class CheckStoreCommandTests
{
    private TemporarySqliteFile _file = null!;

    private string DatabasePath => _file.DatabasePath;

    [SetUp]
    public void CreateFolder() => _file = new TemporarySqliteFile("ludmin-check-store-");

    [TearDown]
    public void DeleteFolder() => _file.Dispose();

    [Test]
    public async Task CheckStore_OnAGoodSqliteStore_PrintsEachCheckAndExits0()
    {
        await CreateStoreAsync();

        var (exitCode, output) = await RunAsync();

        Assert.That(exitCode, Is.EqualTo(0), output);
        Assert.That(output.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries), Is.EqualTo(new[]
        {
            $"check-store: SQLite file {DatabasePath}",
            $"ok    schema version: {SqliteSchema.Latest}, the latest this build knows",
            "ok    integrity: PRAGMA integrity_check: ok",
            "ok    journal mode: WAL (reads beside the writer)",
            "ok    canary round trip: a row written (committed), read back and deleted",
            "check-store: every check holds (0 warning(s)).",
        }));
    }

    [Test]
    public async Task CheckStore_OnAStoreWithAWrongSchemaVersion_Exits1NamingIt()
    {
        await CreateStoreAsync();
        await _file.ExecuteAsync("PRAGMA user_version = 1");

        var (exitCode, output) = await RunAsync();

        Assert.That(exitCode, Is.EqualTo(1), output);
        Assert.That(output, Does.Contain($"FAIL  schema version: 1, older than this build's {SqliteSchema.Latest}"));
        Assert.That(output, Does.Contain("check-store: 1 check(s) failed"));
    }

    [Test]
    public async Task CheckStore_OnAStoreNotInWalMode_Exits1()
    {
        await CreateStoreAsync();
        await _file.ExecuteAsync("PRAGMA journal_mode = DELETE");

        var (exitCode, output) = await RunAsync();

        Assert.That(exitCode, Is.EqualTo(1), output);
        Assert.That(output, Does.Contain("FAIL  journal mode: delete, not WAL"));
    }

    [Test]
    public async Task CheckStore_WhenThereIsNoStore_Exits1WithOneLine()
    {
        var (exitCode, output) = await RunAsync();

        Assert.That(exitCode, Is.EqualTo(1), output);
        Assert.That(output.Trim(), Is.EqualTo($"check-store: There is no SQLite database at {DatabasePath} (Ludmin:Storage:Sqlite:Path, under Ludmin:DataDirectory)."));
    }

    [Test]
    public async Task CheckStore_WhenMongoDbCannotBeReached_Exits1WithOneLineAndNoStackTrace()
    {
        var (exitCode, output) = await RunAsync(new Dictionary<string, string?>
        {
            ["Ludmin__Storage__Provider"] = "Mongo",
            ["Ludmin__Storage__Mongo__ConnectionString"] = "mongodb://127.0.0.1:1/?directConnection=true&serverSelectionTimeoutMS=300&connectTimeoutMS=300",
        });

        Assert.That(exitCode, Is.EqualTo(1), output);
        Assert.That(output.Trim(), Is.EqualTo("check-store: MongoDB could not be reached: no MongoDB server answered within the server selection timeout."));
    }

    private Task<(int ExitCode, string Output)> RunAsync(Dictionary<string, string?>? extra = null)
    {
        var settings = new Dictionary<string, string?>
        {
            ["ASPNETCORE_ENVIRONMENT"] = LudminFactory.EnvironmentName,
            ["Ludmin__DataDirectory"] = _file.Folder,
            ["Ludmin__Tokens__SigningKey"] = TestTokens.SigningKey,
            ["Logging__LogLevel__Default"] = "None",
            ["Ludmin__Storage__Provider"] = null,
            ["Ludmin__Storage__Mongo__ConnectionString"] = null,
        };
        foreach (var (key, value) in extra ?? [])
        {
            settings[key] = value;
        }

        return ProgramRun.RunAsync(settings, "check-store");
    }

    private async Task CreateStoreAsync()
    {
        using var database = new SqliteDatabase(DatabasePath, readerThreads: 1);
        await database.InitializeAsync(CancellationToken.None);
    }
}
