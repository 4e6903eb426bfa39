using Ludmin.Infrastructure;
using Ludmin.Infrastructure.Storage.Copying;
using Ludmin.Infrastructure.Storage.Sqlite;
using Ludmin.Storage.Tests.Contract;
using Ludmin.Storage.Tests.Mongo;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Hosting.Internal;
using MongoDB.Bson;

namespace Ludmin.Storage.Tests.Copying;

/// <summary>
/// The entry point copy-store runs, wired as in the Api program: the configured SQLite file in,
/// MongoDB out. The MongoDB side is <see cref="FakeMongoServer"/>, which stores nothing, so the
/// counts can only disagree; that is what the command must then say.
/// </summary>
public sealed class StoreCopyCommandTests
{
    private string _folder = null!;

    [SetUp]
    public void CreateFolder() => _folder = Directory.CreateTempSubdirectory("ludmin-copy-command-").FullName;

    [TearDown]
    public void DeleteFolder() => Directory.Delete(_folder, recursive: true);

    [Test]
    public void SqliteToMongo_WhenThereIsNoSqliteFile_SaysWhereItLooked()
    {
        using var services = Build();

        var error = Assert.ThrowsAsync<InvalidOperationException>(() =>
            StoreCopy.SqliteToMongoAsync(services, "mongodb://127.0.0.1:1/", null, CancellationToken.None));

        Assert.That(error!.Message, Does.Contain(Path.Combine(_folder, "data", "ludmin.db")));
        Assert.That(File.Exists(Path.Combine(_folder, "data", "ludmin.db")), Is.False, "looking must not create the file");
    }

    [Test]
    public async Task SqliteToMongo_SendsEveryUserAndComparesTheCounts()
    {
        using var services = Build();
        var repository = new SqliteUserRepository(services.GetRequiredService<SqliteDatabase>());
        for (var i = 0; i < 3; i++)
        {
            await repository.AddAsync(Users.New(), CancellationToken.None);
        }

        await using var server = new FakeMongoServer();
        var lines = new List<string>();

        var report = await StoreCopy.SqliteToMongoAsync(services, server.ConnectionString, lines.Add, CancellationToken.None);

        var upserts = server.CommandsNamed("update").Where(c => c["update"] == "users").SelectMany(c => c["updates"].AsBsonArray).ToList();
        Assert.That(upserts, Has.Count.EqualTo(3));
        Assert.That(server.CommandsNamed("update").First()["$db"].AsString, Is.EqualTo("ludmin_copy"), "Ludmin:Storage:Mongo:Database names the target");
        Assert.That((report.UsersCopied, report.SourceUsers, report.TargetUsers), Is.EqualTo((3L, 3L, 0L)));
        Assert.That(report.CountsMatch, Is.False);
        Assert.That(lines, Has.Some.Contains("users: 3 copied"));
    }

    [Test]
    public async Task SqliteToMongo_WhenNoMajorityAcknowledgesAPage_SaysToRunTheCopyAgain()
    {
        using var services = Build();
        await new SqliteUserRepository(services.GetRequiredService<SqliteDatabase>()).AddAsync(Users.New(), CancellationToken.None);
        await using var server = new FakeMongoServer();
        server.Respond = command => command.GetElement(0).Name == "update"
            ? new BsonDocument
            {
                { "n", 1 }, { "nModified", 0 },
                { "upserted", new BsonArray { new BsonDocument { { "index", 0 }, { "_id", "x" } } } },
                {
                    "writeConcernError", new BsonDocument
                    {
                        { "code", 64 }, { "codeName", "WriteConcernFailed" }, { "errmsg", "waiting for replication timed out" },
                        { "errInfo", new BsonDocument("wtimeout", true) },
                    }
                },
                { "ok", 1.0 },
            }
            : null;

        var error = Assert.ThrowsAsync<InvalidOperationException>(() =>
            StoreCopy.SqliteToMongoAsync(services, server.ConnectionString, null, CancellationToken.None));

        Assert.That(error!.Message, Does.Contain("run the copy again"));
        Assert.That(error.InnerException, Is.InstanceOf<MongoDB.Driver.MongoBulkWriteException>());
    }

    private ServiceProvider Build()
    {
        var services = new ServiceCollection();
        services.AddLogging();
        services.AddInfrastructure();
        services.AddSingleton<IConfiguration>(new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["Ludmin:Storage:Mongo:Database"] = "ludmin_copy",
        }).Build());
        services.AddSingleton<IHostEnvironment>(new HostingEnvironment { ContentRootPath = _folder, EnvironmentName = "Testing" });
        return services.BuildServiceProvider();
    }
}
