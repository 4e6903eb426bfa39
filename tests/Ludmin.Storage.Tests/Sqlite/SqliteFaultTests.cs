using Ludmin.Domain.Common;
using Ludmin.Infrastructure.Storage.Sqlite;
using Ludmin.Storage.Tests.Contract;
using Microsoft.Data.Sqlite;
using Ludmin.Infrastructure.Storage;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.Logging;

namespace Ludmin.Storage.Tests.Sqlite;

/// <summary>
/// The store's files failing under a running (or starting) store, on the real engine: each
/// fault is answered with <see cref="Errors.StoreUnavailable"/> (never a crash, never an
/// acknowledgement of a write that is not on disk), logged once, and readiness says why.
/// </summary>
public sealed class SqliteFaultTests
{
    private string _folder = null!;
    private RecordingLogger<SqliteDatabase> _log = null!;

    private string DatabasePath => Path.Combine(_folder, "ludmin.db");

    [SetUp]
    public void CreateFolder()
    {
        _folder = Directory.CreateTempSubdirectory("ludmin-sqlite-faults-").FullName;
        _log = new RecordingLogger<SqliteDatabase>();
    }

    [TearDown]
    public void DeleteFolder()
    {
        foreach (var path in Directory.EnumerateFileSystemEntries(_folder).Append(_folder))
        {
            FileAttribute.Clear(path);
        }

        Directory.Delete(_folder, recursive: true);
    }

    [Test]
    public async Task Write_AfterTheFileIsDeleted_IsRefusedAndEveryLaterOperationToo()
    {
        using var database = await OpenAsync();
        var users = new SqliteUserRepository(database);
        var kept = Users.New();
        await users.AddAsync(kept, CancellationToken.None);

        File.Delete(DatabasePath);

        await AssertUnavailableAsync(() => users.AddAsync(Users.New(), CancellationToken.None));
        await AssertUnavailableAsync(() => users.FindByIdAsync(kept.Id, CancellationToken.None));
        Assert.That(await database.ProbeAsync(CancellationToken.None), Does.Contain("ludmin.db was deleted while Ludmin had it open"));
        Assert.That(_log.Lines.Where(l => l.Level == LogLevel.Critical).Select(l => l.Message).FirstOrDefault(), Does.Contain(DatabasePath).And.Contain("/proc/"));
    }

    [Test]
    public async Task Readiness_AfterARequestMetAFailure_IsProbedAgainInsteadOfTheCachedReady()
    {
        using var database = await OpenAsync();
        // An interval far longer than the test: only the failure may make readiness probe again.
        using var readiness = new SqliteHealthCheck(database, new SqliteStorageOptions { MinFreeSpaceMB = 0, ProbeInterval = TimeSpan.FromHours(1) }, TimeProvider.System);
        var users = new SqliteUserRepository(database);
        Assert.That((await readiness.CheckHealthAsync(new HealthCheckContext())).Status, Is.EqualTo(HealthStatus.Healthy));

        File.Delete(DatabasePath);
        await AssertUnavailableAsync(() => users.AddAsync(Users.New(), CancellationToken.None));

        var after = await readiness.CheckHealthAsync(new HealthCheckContext());
        Assert.That(after.Status, Is.EqualTo(HealthStatus.Unhealthy));
        Assert.That(after.Description, Does.Contain("was deleted"));
    }

    [Test]
    public async Task Write_AfterTheFileIsReplaced_IsRefused()
    {
        using var database = await OpenAsync();
        var users = new SqliteUserRepository(database);
        await users.AddAsync(Users.New(), CancellationToken.None);

        // A restore done with the store running: the path now names another file.
        File.Move(DatabasePath, DatabasePath + ".old");
        File.Copy(DatabasePath + ".old", DatabasePath);

        await AssertUnavailableAsync(() => users.AddAsync(Users.New(), CancellationToken.None));
        Assert.That(await database.ProbeAsync(CancellationToken.None), Does.Contain("replaced by another file"));
    }

    [Test]
    public async Task Write_WhenTheWalIsImmutable_IsUnavailableUntilTheAttributeIsGone()
    {
        using var database = await OpenAsync();
        var users = new SqliteUserRepository(database);
        await users.AddAsync(Users.New(), CancellationToken.None);

        FileAttribute.Set(DatabasePath + "-wal", "+i");
        try
        {
            await AssertUnavailableAsync(() => users.AddAsync(Users.New(), CancellationToken.None));
            Assert.That(await database.ProbeAsync(CancellationToken.None), Does.Contain("I/O error").Or.Contain("cannot be written"));
        }
        finally
        {
            FileAttribute.Clear(DatabasePath + "-wal");
        }

        var later = Users.New();
        await users.AddAsync(later, CancellationToken.None);
        Assert.That(await users.FindByIdAsync(later.Id, CancellationToken.None), Is.Not.Null);
        Assert.That(await database.ProbeAsync(CancellationToken.None), Is.Null);
        Assert.That(_log.Lines.Select(l => l.Event), Does.Contain("SqliteRecovered"));
    }

    [Test]
    public async Task Operations_WhenTheShmIsMadeImmutable_AreRefusedInsteadOfCrashingTheProcess()
    {
        using var database = await OpenAsync();
        var users = new SqliteUserRepository(database);
        var user = Users.New();
        await users.AddAsync(user, CancellationToken.None);

        // SQLite writes the -shm through a shared mapping: were the write let through, the kernel's
        // SIGBUS would end this test run here.
        FileAttribute.Set(DatabasePath + "-shm", "+i");
        try
        {
            await AssertUnavailableAsync(() => users.AddAsync(Users.New(), CancellationToken.None));
            await AssertUnavailableAsync(() => users.FindByIdAsync(user.Id, CancellationToken.None));
            Assert.That(await database.ProbeAsync(CancellationToken.None), Does.Contain("ludmin.db-shm was made immutable"));
        }
        finally
        {
            FileAttribute.Clear(DatabasePath + "-shm");
        }

        await users.AddAsync(Users.New(), CancellationToken.None);
    }

    [TestCase("ludmin.db-shm")]
    [TestCase("ludmin.db-wal")]
    [TestCase("ludmin.db")]
    public void Start_WhenAFileOfTheStoreIsImmutable_RefusesNamingTheFile(string name)
    {
        var path = Path.Combine(_folder, name);
        File.WriteAllBytes(path, []);
        FileAttribute.Set(path, "+i");

        using var database = new SqliteDatabase(DatabasePath, 1, _log);
        var error = Assert.ThrowsAsync<InvalidOperationException>(() => database.InitializeAsync(CancellationToken.None));

        Assert.That(error!.Message, Does.Contain(path).And.Contain("cannot be written").And.Contain("chattr"));
    }

    [Test]
    public void Start_WhenTheFolderIsImmutable_RefusesNamingTheFolder()
    {
        FileAttribute.Set(_folder, "+i");

        using var database = new SqliteDatabase(DatabasePath, 1, _log);
        var error = Assert.ThrowsAsync<InvalidOperationException>(() => database.InitializeAsync(CancellationToken.None));

        Assert.That(error!.Message, Does.Contain(_folder + " cannot be written"));
    }

    [Test]
    public async Task Write_WhenTheDiskIsFull_IsUnavailableAndLoggedOnceForManyRequests()
    {
        using var database = await OpenAsync();
        var users = new SqliteUserRepository(database);

        // SQLite's own page limit gives the writer the SQLITE_FULL a full disk gives.
        await database.WriteAsync((connection, _) =>
        {
            using var command = connection.CreateCommand();
            command.CommandText = "PRAGMA max_page_count = " + PageCount(connection);
            return command.ExecuteScalar();
        }, CancellationToken.None);

        // The last free pages fill up within a few users; every write after that is refused.
        var acknowledged = 0;
        while (acknowledged < 1000 && await TryAddAsync(users))
        {
            acknowledged++;
        }

        Assert.That(acknowledged, Is.LessThan(1000), "the page limit was never reached");
        for (var i = 0; i < 4; i++)
        {
            await AssertUnavailableAsync(() => users.AddAsync(Users.New(), CancellationToken.None));
        }

        var failures = _log.Lines.Where(l => l.Event == "SqliteUnavailable").ToList();
        Assert.That(failures, Has.Count.EqualTo(1), "one line for the cause, not one per request");
        Assert.That(failures[0].Message, Does.Contain("the disk is full"));
    }

    [Test]
    public async Task Write_WhenAnotherProcessHoldsTheLockPastTheBusyTimeout_IsUnavailable()
    {
        using var database = await OpenAsync();
        using var other = new SqliteConnection($"Data Source={DatabasePath};Pooling=False");
        other.Open();
        using var hold = other.BeginTransaction(deferred: false);

        await AssertUnavailableAsync(() => new SqliteUserRepository(database).AddAsync(Users.New(), CancellationToken.None));
        Assert.That(_log.Lines.Single(l => l.Event == "SqliteUnavailable").Message, Does.Contain("busy timeout"));
    }

    [Test]
    public async Task Probe_WhenEverythingHolds_SaysNothingAndChangesNoData()
    {
        using var database = await OpenAsync();

        Assert.That(await database.ProbeAsync(CancellationToken.None), Is.Null);
        Assert.That(await database.ProbeAsync(CancellationToken.None), Is.Null);
        var rows = await database.ReadAsync(connection =>
        {
            using var command = connection.CreateCommand();
            command.CommandText = "SELECT count(*) FROM health_probe";
            return Convert.ToInt32(command.ExecuteScalar());
        }, CancellationToken.None);
        Assert.That(rows, Is.EqualTo(1));
    }

    private async Task<SqliteDatabase> OpenAsync()
    {
        var database = new SqliteDatabase(DatabasePath, 2, _log);
        await database.InitializeAsync(CancellationToken.None);
        return database;
    }

    private static async Task<bool> TryAddAsync(SqliteUserRepository users)
    {
        try
        {
            await users.AddAsync(Users.New(), CancellationToken.None);
            return true;
        }
        catch (DomainException ex) when (ex.Error == Errors.StoreUnavailable)
        {
            return false;
        }
    }

    private static long PageCount(SqliteConnection connection)
    {
        using var command = connection.CreateCommand();
        command.CommandText = "PRAGMA page_count";
        return (long)command.ExecuteScalar()!;
    }

    private static async Task AssertUnavailableAsync(Func<Task> operation)
    {
        try
        {
            await operation();
        }
        catch (DomainException ex)
        {
            Assert.That(ex.Error, Is.EqualTo(Errors.StoreUnavailable));
            return;
        }

        Assert.Fail("The operation was acknowledged; it must be refused with store_unavailable.");
    }
}
