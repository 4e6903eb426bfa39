using Ludmin.Domain.Common;
using Ludmin.Domain.Users;
using Ludmin.Infrastructure.Storage.Sqlite;
using Ludmin.Storage.Tests.Contract;
using Microsoft.Data.Sqlite;

namespace Ludmin.Storage.Tests.Sqlite;

/// <summary>
/// Schema migration 6 (issue 23, finding 8) on a real file: addresses stored by earlier builds,
/// keyed by the lower-cased address, get the Unicode-aware key; a file where two stored addresses
/// become one is refused as it is, naming the users.
/// </summary>
public sealed class SqliteEmailKeyMigrationTests
{
    private string _folder = null!;

    private string DatabasePath => Path.Combine(_folder, "ludmin.db");

    [SetUp]
    public void CreateFolder() => _folder = Directory.CreateTempSubdirectory("ludmin-email-keys-").FullName;

    [TearDown]
    public void DeleteFolder() => Directory.Delete(_folder, recursive: true);

    [Test]
    public async Task Initialize_OnAFileWithKeysOfEarlierBuilds_RekeysTheAddressesAndEverySpellingFindsItsUser()
    {
        var fullwidth = Users.New("\uFF21dmin." + Guid.NewGuid().ToString("N") + "@example.com");
        var decomposed = Users.New("jose\u0301@example.com");
        var unicodeDomain = Users.New("Joe@B\u00FCcher.example");
        var ascii = Users.New("Ann.Lee@Example.com");
        await WriteAsEarlierBuildsDidAsync(fullwidth, decomposed, unicodeDomain, ascii);

        using var database = new SqliteDatabase(DatabasePath, 1);
        await database.InitializeAsync(CancellationToken.None);
        var repository = new SqliteUserRepository(database);

        using (var connection = Open())
        {
            Assert.That(Convert.ToInt32(Scalar(connection, "PRAGMA user_version;")), Is.EqualTo(SqliteSchema.Latest));
            Assert.That(Scalar(connection, $"SELECT normalized FROM user_emails WHERE user_id = '{unicodeDomain.Id}'"), Is.EqualTo("joe@xn--bcher-kva.example"));
            Assert.That(Scalar(connection, $"SELECT address FROM user_emails WHERE user_id = '{unicodeDomain.Id}'"), Is.EqualTo("Joe@B\u00FCcher.example"), "kept as typed");
        }

        Assert.That((await repository.FindByEmailAsync(EmailAddress.Create(fullwidth.CurrentEmail.Value.Replace('\uFF21', 'a')), CancellationToken.None))?.Id, Is.EqualTo(fullwidth.Id));
        Assert.That((await repository.FindByEmailAsync(EmailAddress.Create("jos\u00E9@example.com"), CancellationToken.None))?.Id, Is.EqualTo(decomposed.Id));
        Assert.That((await repository.FindByEmailAsync(EmailAddress.Create("joe@xn--bcher-kva.example"), CancellationToken.None))?.Id, Is.EqualTo(unicodeDomain.Id));
        Assert.That((await repository.FindByEmailAsync(EmailAddress.Create("ann.lee@example.com"), CancellationToken.None))?.Id, Is.EqualTo(ascii.Id));
        var lookAlike = Assert.ThrowsAsync<DomainException>(() => repository.AddAsync(Users.New("JOS\u00C9@example.com"), CancellationToken.None));
        Assert.That(lookAlike!.Error, Is.EqualTo(Errors.EmailInUse));
    }

    [Test]
    public async Task Initialize_WhenTwoStoredAddressesAreOneUnderTheNewKeys_RefusesNamingTheUsersAndChangesNothing()
    {
        var ascii = Users.New("admin@collide.example");
        var fullwidth = Users.New("\uFF41dmin@collide.example");
        await WriteAsEarlierBuildsDidAsync(ascii, fullwidth);

        using (var database = new SqliteDatabase(DatabasePath, 1))
        {
            var refusal = Assert.ThrowsAsync<InvalidOperationException>(() => database.InitializeAsync(CancellationToken.None));
            Assert.That(refusal!.Message, Does.Contain(ascii.Id.Value).And.Contain(fullwidth.Id.Value));
            Assert.That(refusal.Message, Does.Not.Contain("collide.example"), "addresses stay out of logs");
        }

        using var connection = Open();
        Assert.That(Convert.ToInt32(Scalar(connection, "PRAGMA user_version;")), Is.EqualTo(SqliteEmailKeyMigration.Version - 1));
        Assert.That(Scalar(connection, $"SELECT normalized FROM user_emails WHERE user_id = '{fullwidth.Id}'"), Is.EqualTo("\uFF41dmin@collide.example"));
        Assert.That(Convert.ToInt32(Scalar(connection, "SELECT COUNT(*) FROM users")), Is.EqualTo(2), "both users kept");
    }

    /// <summary>
    /// A file as the build before migration 6 left it: that build's schema is this one's but for
    /// the version number (migration 6 changes data only), and its keys are the lower-cased
    /// addresses. Each user is stored apart, so that addresses that are one under the new keys can be.
    /// </summary>
    private async Task WriteAsEarlierBuildsDidAsync(params User[] users)
    {
        foreach (var user in users)
        {
            using var database = new SqliteDatabase(DatabasePath, 1);
            var placeholder = Users.New();
            var stored = User.Restore(user.Id, user.FullName, placeholder.Emails, user.PasswordHash, [], [], false, user.CreatedAt, user.UpdatedAt, 0);
            await new SqliteUserRepository(database).AddAsync(stored, CancellationToken.None);
        }

        using var connection = Open();
        foreach (var user in users)
        {
            using var command = connection.CreateCommand();
            command.CommandText = "UPDATE user_emails SET address = $address, normalized = $legacy WHERE user_id = $id";
            command.Parameters.AddWithValue("$address", user.CurrentEmail.Value);
            command.Parameters.AddWithValue("$legacy", user.CurrentEmail.Value.ToLowerInvariant());
            command.Parameters.AddWithValue("$id", user.Id.Value);
            Assert.That(command.ExecuteNonQuery(), Is.EqualTo(1));
        }

        Scalar(connection, $"PRAGMA user_version = {SqliteEmailKeyMigration.Version - 1};");
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
