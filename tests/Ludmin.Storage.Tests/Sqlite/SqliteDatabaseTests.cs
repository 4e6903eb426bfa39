using Ludmin.Infrastructure.Storage.Sqlite;
using Ludmin.Storage.Tests.Contract;
using Microsoft.Data.Sqlite;

namespace Ludmin.Storage.Tests.Sqlite;

public sealed class SqliteDatabaseTests
{
    private string _folder = null!;

    private string DatabasePath => Path.Combine(_folder, "nested", "ludmin.db");

    [SetUp]
    public void CreateFolder() => _folder = Directory.CreateTempSubdirectory("ludmin-sqlite-db-").FullName;

    [TearDown]
    public void DeleteFolder() => Directory.Delete(_folder, recursive: true);

    [Test]
    public async Task Initialize_OnAFreshPath_CreatesTheFileInWalModeAtTheLatestSchema()
    {
        using (var database = new SqliteDatabase(DatabasePath, 1))
        {
            await database.InitializeAsync(CancellationToken.None);
        }

        using var connection = Open();
        Assert.That(Scalar(connection, "PRAGMA journal_mode;"), Is.EqualTo("wal"));
        Assert.That(Convert.ToInt32(Scalar(connection, "PRAGMA user_version;")), Is.EqualTo(SqliteSchema.Latest));
    }

    [Test]
    public async Task Initialize_OnAnExistingFile_KeepsTheData()
    {
        var user = Users.New();
        using (var database = new SqliteDatabase(DatabasePath, 1))
        {
            await new SqliteUserRepository(database).AddAsync(user, CancellationToken.None);
        }

        using var reopened = new SqliteDatabase(DatabasePath, 1);
        await reopened.InitializeAsync(CancellationToken.None);

        UserAssert.SameState(await new SqliteUserRepository(reopened).FindByIdAsync(user.Id, CancellationToken.None), user);
    }

    [Test]
    public async Task Initialize_WhenTheFileIsFromANewerBuild_RefusesToStart()
    {
        using (var database = new SqliteDatabase(DatabasePath, 1))
        {
            await database.InitializeAsync(CancellationToken.None);
        }

        using (var connection = Open())
        {
            Scalar(connection, $"PRAGMA user_version = {SqliteSchema.Latest + 1};");
        }

        using var newer = new SqliteDatabase(DatabasePath, 1);
        var error = Assert.ThrowsAsync<InvalidOperationException>(() => newer.InitializeAsync(CancellationToken.None));
        Assert.That(error!.ToString(), Does.Contain("newer than this build"));
    }

    [Test]
    public async Task EmailIndex_IsEnforcedByTheDatabaseItself()
    {
        using var database = new SqliteDatabase(DatabasePath, 1);
        await new SqliteUserRepository(database).AddAsync(Users.New("owner@example.com"), CancellationToken.None);

        using var connection = Open();
        var error = Assert.Throws<SqliteException>(() => Scalar(connection, """
            INSERT INTO users (id, full_name, password_hash, password_history, is_master, created_at, updated_at, version)
            VALUES ('ffffffffffffffffffffffffffffffff', 'x', 'h', '[]', 0, 0, 0, 0);
            INSERT INTO user_emails (normalized, user_id, address, is_current, is_verified, inserted_at, updated_at, position)
            VALUES ('owner@example.com', 'ffffffffffffffffffffffffffffffff', 'owner@example.com', 1, 0, 0, 0, 0);
            """));
        Assert.That(error!.SqliteErrorCode, Is.EqualTo(19), "a constraint violation");
    }

    [Test]
    public async Task Reads_DuringAWrite_AreNotBlockedAndSeeCommittedState()
    {
        using var database = new SqliteDatabase(DatabasePath, 2);
        var repository = new SqliteUserRepository(database);
        var user = Users.New();
        await repository.AddAsync(user, CancellationToken.None);
        using var gate = new ManualResetEventSlim();

        // Hold the single writer inside an open transaction until the reads are done.
        var write = database.WriteAsync((connection, transaction) =>
        {
            using var command = connection.CreateCommand();
            command.Transaction = transaction;
            command.CommandText = "UPDATE users SET full_name = 'uncommitted'";
            command.ExecuteNonQuery();
            gate.Wait(TimeSpan.FromSeconds(30));
            return 0;
        }, CancellationToken.None);

        var read = await repository.FindByIdAsync(user.Id, CancellationToken.None);
        gate.Set();
        await write;

        Assert.That(read!.FullName.Value, Is.EqualTo("Ann Lee"));
        Assert.That((await repository.FindByIdAsync(user.Id, CancellationToken.None))!.FullName.Value, Is.EqualTo("uncommitted"));
    }

    private SqliteConnection Open()
    {
        var connection = new SqliteConnection($"Data Source={DatabasePath};Pooling=False");
        connection.Open();
        return connection;
    }

    private static object? Scalar(SqliteConnection connection, string sql)
    {
        using var command = connection.CreateCommand();
        command.CommandText = sql;
        return command.ExecuteScalar();
    }
}
