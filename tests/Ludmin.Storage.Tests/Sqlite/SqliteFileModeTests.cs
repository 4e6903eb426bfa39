using System.Runtime.Versioning;
using Ludmin.Infrastructure.Storage.Sqlite;
using Ludmin.Storage.Tests.Contract;
using Microsoft.Extensions.Logging;

namespace Ludmin.Storage.Tests.Sqlite;

/// <summary>
/// The store's folder and files on disk, read with their real modes: the service user's alone
/// (folder 0700, ludmin.db, -wal and -shm 0600), whether Ludmin made them or found them looser.
/// </summary>
[UnsupportedOSPlatform("windows")]
public sealed class SqliteFileModeTests
{
    private const UnixFileMode Private = UnixFileMode.UserRead | UnixFileMode.UserWrite;
    private const UnixFileMode PrivateFolder = Private | UnixFileMode.UserExecute;
    private const UnixFileMode OpenFile = Private | UnixFileMode.GroupRead | UnixFileMode.OtherRead;
    private const UnixFileMode OpenFolder = PrivateFolder | UnixFileMode.GroupRead | UnixFileMode.GroupExecute | UnixFileMode.OtherRead | UnixFileMode.OtherExecute;

    private string _root = null!;

    private string Folder => Path.Combine(_root, "data");

    private string DatabasePath => Path.Combine(Folder, "ludmin.db");

    [SetUp]
    public void CreateRoot() => _root = Directory.CreateTempSubdirectory("ludmin-sqlite-modes-").FullName;

    [TearDown]
    public void DeleteRoot() => Directory.Delete(_root, recursive: true);

    [Test]
    public async Task Initialize_OnAFreshPath_MakesTheFolder0700AndTheDatabaseWalAndShm0600()
    {
        using var database = new SqliteDatabase(DatabasePath, 1);
        await new SqliteUserRepository(database).AddAsync(Users.New(), CancellationToken.None);

        using (Assert.EnterMultipleScope())
        {
            Assert.That(File.Exists(DatabasePath + "-wal") && File.Exists(DatabasePath + "-shm"), Is.True, "the store is open in WAL mode");
            Assert.That(ModeOf(Folder), Is.EqualTo(PrivateFolder), "the folder");
            Assert.That(ModeOf(DatabasePath), Is.EqualTo(Private), "ludmin.db");
            Assert.That(ModeOf(DatabasePath + "-wal"), Is.EqualTo(Private), "-wal");
            Assert.That(ModeOf(DatabasePath + "-shm"), Is.EqualTo(Private), "-shm");
        }
    }

    [Test]
    public async Task Initialize_WhenTheFolderAndFilesAreOpenToOthers_TightensThemAndLogsEach()
    {
        await CreateStoreLeftOpenToOthersAsync();
        var logger = new RecordingLogger<SqliteDatabase>();

        using var database = new SqliteDatabase(DatabasePath, 1, logger);
        await database.InitializeAsync(CancellationToken.None);

        using (Assert.EnterMultipleScope())
        {
            Assert.That(ModeOf(Folder), Is.EqualTo(PrivateFolder), "the folder");
            Assert.That(ModeOf(DatabasePath), Is.EqualTo(Private), "ludmin.db");
            Assert.That(ModeOf(DatabasePath + "-wal"), Is.EqualTo(Private), "-wal");
            Assert.That(ModeOf(DatabasePath + "-shm"), Is.EqualTo(Private), "-shm");
            var tightened = logger.Lines.Where(l => l.Event == "SqliteFileModeTightened").ToList();
            Assert.That(tightened.Select(l => l.Level), Is.All.EqualTo(LogLevel.Warning));
            Assert.That(tightened.Select(l => l.Message), Has.Exactly(1).Contains($"{Folder} was open to other users (mode 0755); made 0700"));
            Assert.That(tightened.Select(l => l.Message), Has.Exactly(1).Contains($"{DatabasePath} was open to other users (mode 0644); made 0600"));
            Assert.That(tightened, Has.Count.EqualTo(4), "the folder, the database, -wal and -shm");
        }
    }

    [Test]
    public async Task Initialize_WhenTheFolderIsNotLudminsOwn_LeavesItsModeAndStillTightensTheFiles()
    {
        await CreateStoreLeftOpenToOthersAsync();

        using var database = new SqliteDatabase(DatabasePath, 1, folderIsLudmins: false);
        await database.InitializeAsync(CancellationToken.None);

        Assert.That(ModeOf(Folder), Is.EqualTo(OpenFolder), "a folder the operator chose keeps its mode");
        Assert.That(ModeOf(DatabasePath), Is.EqualTo(Private));
    }

    [Test]
    public async Task Initialize_WhenEverythingIsPrivateAlready_LogsNothing()
    {
        using (var first = new SqliteDatabase(DatabasePath, 1))
        {
            await first.InitializeAsync(CancellationToken.None);
        }

        var logger = new RecordingLogger<SqliteDatabase>();
        using var again = new SqliteDatabase(DatabasePath, 1, logger);
        await again.InitializeAsync(CancellationToken.None);

        Assert.That(logger.Lines.Where(l => l.Event.StartsWith("SqliteFileMode", StringComparison.Ordinal)), Is.Empty);
    }

    /// <summary>A store as an earlier version, a restore or a hand left it: folder 0755; database, an empty -wal and -shm 0644.</summary>
    private async Task CreateStoreLeftOpenToOthersAsync()
    {
        var user = Users.New();
        using (var earlier = new SqliteDatabase(DatabasePath, 1))
        {
            await new SqliteUserRepository(earlier).AddAsync(user, CancellationToken.None);
        }

        File.WriteAllBytes(DatabasePath + "-wal", []);
        File.WriteAllBytes(DatabasePath + "-shm", []);
        foreach (var file in new[] { DatabasePath, DatabasePath + "-wal", DatabasePath + "-shm" })
        {
            File.SetUnixFileMode(file, OpenFile);
        }

        File.SetUnixFileMode(Folder, OpenFolder);
    }

    private static UnixFileMode ModeOf(string path) => File.GetUnixFileMode(path);
}
