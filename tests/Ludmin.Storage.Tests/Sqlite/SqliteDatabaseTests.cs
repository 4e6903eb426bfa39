using Ludmin.Domain.PasswordResets;
using Ludmin.Domain.Users;
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
    public async Task Initialize_OnASchemaVersionOneFile_AddsTheThrottleTableAndKeepsTheData()
    {
        var user = Users.New();
        user.LinkDevice(DeviceId.New(), DeviceDescription.Create("Laptop"), Users.Epoch.AddMinutes(1));
        var reset = PasswordReset.Issue(user.Id, "keyed-hash", Users.Epoch, TimeSpan.FromMinutes(15));
        using var database = await MigrateVersionOneFileAsync(user, reset);

        using (var connection = Open())
        {
            Assert.That(Convert.ToInt32(Scalar(connection, "PRAGMA user_version;")), Is.EqualTo(SqliteSchema.Latest));
            Assert.That(
                Scalar(connection, "SELECT group_concat(name, ',') FROM (SELECT name FROM sqlite_master WHERE tbl_name = 'login_throttles' ORDER BY name)"),
                Is.EqualTo("login_throttles,login_throttles_by_expiry"));
        }

        UserAssert.SameState(await new SqliteUserRepository(database).FindByIdAsync(user.Id, CancellationToken.None), user);
        Assert.That(await new SqliteUserRepository(database).CountAsync(CancellationToken.None), Is.EqualTo(1), "the kept count starts from the users already there");
        var keptReset = await new SqlitePasswordResetRepository(database).FindAsync(user.Id, CancellationToken.None);
        Assert.That(keptReset?.CodeHash, Is.EqualTo("keyed-hash"));
        Assert.That(keptReset!.ExpiresAt, Is.EqualTo(reset.ExpiresAt));
        var throttles = new SqliteLoginThrottleRepository(database);
        var throttle = Throttles.Unsaved(Throttles.UniqueKey());
        await throttles.SaveAsync(throttle, CancellationToken.None);
        ThrottleAssert.SameState(await throttles.FindAsync(throttle.Key, CancellationToken.None), throttle, version: 1);
    }

    [Test]
    public async Task Initialize_OnASchemaVersionOneFile_StartsItsSessionsAtTheFirstGenerationAndTheyRotateFromIt()
    {
        var user = Users.New();
        var device = DeviceId.New();
        user.LinkDevice(device, DeviceDescription.Create("Laptop"), Users.Epoch);
        var reset = PasswordReset.Issue(user.Id, "keyed-hash", Users.Epoch, TimeSpan.FromMinutes(15));
        using var database = await MigrateVersionOneFileAsync(user, reset);
        var repository = new SqliteUserRepository(database);

        // A token issued before rotation carries no generation: it is of the first, as the migrated row is.
        var stored = (await repository.FindByIdAsync(user.Id, CancellationToken.None))!;
        Assert.That(stored.GenerationOf(device), Is.EqualTo(LinkedDevice.FirstGeneration));
        Assert.That(stored.Devices.Single().RotatedAt, Is.Null);
        Assert.That(stored.RefreshSession(device, user.SessionOf(device), LinkedDevice.FirstGeneration, Users.Epoch.AddHours(1), TimeSpan.FromSeconds(10)), Is.EqualTo(SessionRefresh.Rotated));
        await repository.UpdateAsync(stored, CancellationToken.None);

        var rotated = (await repository.FindByIdAsync(user.Id, CancellationToken.None))!;
        Assert.That(rotated.GenerationOf(device), Is.EqualTo(1));
        Assert.That(rotated.Devices.Single().RotatedAt, Is.EqualTo(Users.Epoch.AddHours(1)));
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

    /// <summary>A schema-version-1 file holding the user and reset, opened (so migrated) by this build.</summary>
    private async Task<SqliteDatabase> MigrateVersionOneFileAsync(User user, PasswordReset reset)
    {
        Directory.CreateDirectory(Path.GetDirectoryName(DatabasePath)!);
        using (var connection = Open())
        {
            WriteVersionOneFile(connection, user, reset);
        }

        var database = new SqliteDatabase(DatabasePath, 1);
        await database.InitializeAsync(CancellationToken.None);
        return database;
    }

    /// <summary>
    /// A file as a build at schema version 1 left it: that version's tables, written by hand here
    /// rather than by <see cref="SqliteSchema"/>, so that an edit to a released migration shows.
    /// </summary>
    private static void WriteVersionOneFile(SqliteConnection connection, User user, PasswordReset reset)
    {
        using var command = connection.CreateCommand();
        command.CommandText = """
            PRAGMA journal_mode = WAL;
            CREATE TABLE users (
                id TEXT NOT NULL PRIMARY KEY, full_name TEXT NOT NULL, password_hash TEXT NOT NULL, password_history TEXT NOT NULL,
                is_master INTEGER NOT NULL, created_at INTEGER NOT NULL, updated_at INTEGER NOT NULL, version INTEGER NOT NULL
            ) STRICT;
            CREATE INDEX users_by_creation ON users (created_at, id);
            CREATE TABLE user_emails (
                normalized TEXT NOT NULL PRIMARY KEY, user_id TEXT NOT NULL REFERENCES users (id), address TEXT NOT NULL,
                is_current INTEGER NOT NULL, is_verified INTEGER NOT NULL, inserted_at INTEGER NOT NULL, updated_at INTEGER NOT NULL,
                position INTEGER NOT NULL
            ) STRICT;
            CREATE INDEX user_emails_by_user ON user_emails (user_id);
            CREATE TABLE user_devices (
                user_id TEXT NOT NULL REFERENCES users (id), device_id TEXT NOT NULL, description TEXT NOT NULL, session_id TEXT NOT NULL,
                first_seen INTEGER NOT NULL, last_used INTEGER NOT NULL, position INTEGER NOT NULL,
                PRIMARY KEY (user_id, device_id)
            ) STRICT, WITHOUT ROWID;
            CREATE TABLE password_resets (
                user_id TEXT NOT NULL PRIMARY KEY REFERENCES users (id), code_hash TEXT NOT NULL, created_at INTEGER NOT NULL,
                expires_at INTEGER NOT NULL, failed_attempts INTEGER NOT NULL, version INTEGER NOT NULL
            ) STRICT;
            CREATE INDEX password_resets_by_expiry ON password_resets (expires_at);

            INSERT INTO users VALUES ($id, $full_name, $password_hash, '[]', 0, $created_at, $updated_at, $version);
            INSERT INTO user_emails VALUES ($normalized, $id, $address, 1, 0, $inserted_at, $email_updated_at, 0);
            INSERT INTO user_devices VALUES ($id, $device_id, $description, $session_id, $first_seen, $last_used, 0);
            INSERT INTO password_resets VALUES ($id, $code_hash, $reset_created_at, $reset_expires_at, 0, 1);
            PRAGMA user_version = 1;
            """;
        var email = user.Emails.Single();
        var device = user.Devices.Single();
        command.Parameters.AddWithValue("$id", user.Id.Value);
        command.Parameters.AddWithValue("$full_name", user.FullName.Value);
        command.Parameters.AddWithValue("$password_hash", user.PasswordHash.Value);
        command.Parameters.AddWithValue("$created_at", user.CreatedAt.ToUnixTimeMilliseconds());
        command.Parameters.AddWithValue("$updated_at", user.UpdatedAt.ToUnixTimeMilliseconds());
        command.Parameters.AddWithValue("$version", user.Version);
        command.Parameters.AddWithValue("$normalized", email.Address.Normalized);
        command.Parameters.AddWithValue("$address", email.Address.Value);
        command.Parameters.AddWithValue("$inserted_at", email.InsertedAt.ToUnixTimeMilliseconds());
        command.Parameters.AddWithValue("$email_updated_at", email.UpdatedAt.ToUnixTimeMilliseconds());
        command.Parameters.AddWithValue("$device_id", device.DeviceId.Value);
        command.Parameters.AddWithValue("$description", device.Description.Value);
        command.Parameters.AddWithValue("$session_id", device.SessionId.Value);
        command.Parameters.AddWithValue("$first_seen", device.FirstSeen.ToUnixTimeMilliseconds());
        command.Parameters.AddWithValue("$last_used", device.LastUsed.ToUnixTimeMilliseconds());
        command.Parameters.AddWithValue("$code_hash", reset.CodeHash);
        command.Parameters.AddWithValue("$reset_created_at", reset.CreatedAt.ToUnixTimeMilliseconds());
        command.Parameters.AddWithValue("$reset_expires_at", reset.ExpiresAt.ToUnixTimeMilliseconds());
        command.ExecuteNonQuery();
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
