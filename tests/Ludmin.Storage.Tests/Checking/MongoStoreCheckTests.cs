using Ludmin.Infrastructure.Storage.Checking;
using Ludmin.Infrastructure.Storage.Mongo;
using Ludmin.Storage.Tests.Mongo;
using Microsoft.Extensions.Logging.Abstractions;
using MongoDB.Bson;

namespace Ludmin.Storage.Tests.Checking;

/// <summary>check-store's MongoDB checks, through the real driver against <see cref="FakeDeployment"/>.</summary>
public sealed class MongoStoreCheckTests : FakeMongoStoreTestBase
{
    private FakeDeployment _deployment = null!;

    private protected override void Arrange(FakeMongoServer server) => _deployment = new FakeDeployment(server);

    [Test]
    public async Task Check_OfAReplicaSetWithEverythingInPlace_HoldsLineByLine()
    {
        var report = await CheckAsync();

        Assert.That(report.Holds, Is.True, Describe(report));
        Assert.That(report.Items.Select(i => i.Status), Is.All.EqualTo(StoreCheckStatus.Ok), Describe(report));
        Assert.That(report.Store, Is.EqualTo("MongoDB database 'ludmin'"));
        Assert.That(Detail(report, "topology"), Is.EqualTo("replica set 'rs0' with 3 data-bearing member(s)"));
        Assert.That(Detail(report, "server version"), Is.EqualTo("MongoDB 7.0.14"));
        Assert.That(Detail(report, "TTL monitor"), Does.StartWith("enabled"));
        Assert.That(Detail(report, "majority writes"), Does.StartWith("acknowledged"));
        Assert.That(Detail(report, "canary round trip"), Does.StartWith("written, read back"));
        Assert.That(
            report.Items.Where(i => i.Subject.StartsWith("index ", StringComparison.Ordinal)).Select(i => i.Subject),
            Is.EquivalentTo(MongoIndexes.Expected.Select(e => $"index {e.Collection}.{e.Name}")));
    }

    [Test]
    public async Task Check_WritesTheCanaryWithMajorityReadsItWithMajorityAndRemovesIt()
    {
        await CheckAsync();

        var insert = _deployment.Sent("insert").Single();
        var canary = insert["documents"][0].AsBsonDocument;
        var find = _deployment.Sent("find").Single();
        var delete = _deployment.Sent("delete").Single();
        using (Assert.EnterMultipleScope())
        {
            Assert.That(insert["insert"].AsString, Is.EqualTo(MongoStore.ThrottlesCollection));
            Assert.That(insert["writeConcern"]["w"].AsString, Is.EqualTo("majority"));
            Assert.That(canary["_id"].AsString, Does.StartWith("check-store canary "), "a key no address can be");
            Assert.That(canary["expires_at"].BsonType, Is.EqualTo(BsonType.DateTime), "the TTL index removes a canary left behind");
            Assert.That(find["readConcern"]["level"].AsString, Is.EqualTo("majority"));
            Assert.That(find["filter"]["_id"], Is.EqualTo(canary["_id"]));
            Assert.That(delete["deletes"][0]["q"]["_id"], Is.EqualTo(canary["_id"]));
            Assert.That(delete["writeConcern"]["w"].AsString, Is.EqualTo("majority"));
        }

        Assert.That(_deployment.Sent("createIndexes"), Is.Empty, "the check creates no index");
    }

    [Test]
    public async Task Check_OfAServerOlderThanTheDriverAccepts_NamesTheVersionFoundAgainstTheMinimum()
    {
        await StopServerAsync();
        Server = new FakeMongoServer { MaxWireVersion = 8 };
        _deployment = new FakeDeployment(Server);
        Store = Server.ConnectStore();

        var error = Assert.ThrowsAsync<InvalidOperationException>(CheckAsync);

        Assert.That(error!.Message, Does.Contain("MongoDB 4.2").And.Contain("4.4 or later"));
    }

    [Test]
    public async Task Check_OfAStandaloneServer_WarnsAndStillHolds()
    {
        // A standalone is reached without a replica set name, as an operator's string would.
        await StopServerAsync();
        Server = new FakeMongoServer(replicaSet: false);
        _deployment = new FakeDeployment(Server) { SetName = null };
        Store = Server.ConnectStore();

        var report = await CheckAsync();

        Assert.That(Item(report, "topology").Status, Is.EqualTo(StoreCheckStatus.Warning));
        Assert.That(Detail(report, "topology"), Does.StartWith("standalone server: no failover"));
        Assert.That(report.Holds, Is.True, Describe(report));
    }

    [Test]
    public async Task Check_WhenIndexesAreMissingOrDiffer_FailsNamingEach()
    {
        _deployment.Indexes[MongoStore.UsersCollection] =
        [
            FakeDeployment.IndexDocument("_id_", new BsonDocument("_id", 1)),
            FakeDeployment.IndexDocument(MongoIndexes.UsersByEmail, new BsonDocument("emails.normalized", 1)),
            FakeDeployment.IndexDocument("by_creation", new BsonDocument { { "created_at", 1 }, { "_id", 1 } }),
        ];
        var ttl = _deployment.Indexes[MongoStore.ResetsCollection].Single(i => i["name"] == MongoIndexes.ResetsByExpiry);
        ttl["expireAfterSeconds"] = 3600;
        ttl["sparse"] = true;

        var report = await CheckAsync();

        Assert.That(report.Holds, Is.False);
        using (Assert.EnterMultipleScope())
        {
            Assert.That(Item(report, "index users.emails_normalized_unique").Status, Is.EqualTo(StoreCheckStatus.Failed));
            Assert.That(Detail(report, "index users.emails_normalized_unique"), Does.Contain("it is not unique"));
            Assert.That(Detail(report, "index users.created_at_id"), Does.Contain("missing; index 'by_creation' has the same keys"));
            Assert.That(Detail(report, "index password_resets.expires_at_ttl"), Does.Contain("its expireAfterSeconds is 3600").And.Contain("it has sparse"));
            Assert.That(Item(report, "index users.by_creation").Status, Is.EqualTo(StoreCheckStatus.Ok), "another's index is listed, not judged");
            Assert.That(Item(report, "index login_throttles.expires_at_ttl").Status, Is.EqualTo(StoreCheckStatus.Ok));
        }
    }

    [Test]
    public async Task Check_WhenACollectionDoesNotExist_FailsSayingLudminMakesIt()
    {
        _deployment.Indexes.Remove(MongoStore.ThrottlesCollection);

        var report = await CheckAsync();

        Assert.That(Item(report, "indexes of login_throttles").Status, Is.EqualTo(StoreCheckStatus.Failed));
        Assert.That(Detail(report, "indexes of login_throttles"), Does.Contain("does not exist"));
        Assert.That(report.Holds, Is.False);
    }

    [Test]
    public async Task Check_WhenTheTtlMonitorIsOff_Fails()
    {
        _deployment.TtlParameter = new BsonDocument { { "ttlMonitorEnabled", false }, { "ok", 1.0 } };

        var report = await CheckAsync();

        Assert.That(Item(report, "TTL monitor").Status, Is.EqualTo(StoreCheckStatus.Failed));
        Assert.That(report.Holds, Is.False);
    }

    [Test]
    public async Task Check_WhenGetParameterIsNotPermitted_WarnsAndStillHolds()
    {
        _deployment.TtlParameter = FakeDeployment.Refusal(13, "Unauthorized");

        var report = await CheckAsync();

        Assert.That(Item(report, "TTL monitor").Status, Is.EqualTo(StoreCheckStatus.Warning));
        Assert.That(Detail(report, "TTL monitor"), Does.Contain("Unauthorized"));
        Assert.That(report.Holds, Is.True, Describe(report));
    }

    [Test]
    public async Task Check_WhenNoMajorityAcknowledgesTheCanary_Fails()
    {
        _deployment.InsertExtras = new BsonDocument("writeConcernError", new BsonDocument
        {
            { "code", 64 }, { "codeName", "WriteConcernFailed" }, { "errmsg", "waiting for replication timed out" }, { "errInfo", new BsonDocument("wtimeout", true) },
        });

        var report = await CheckAsync();

        Assert.That(Item(report, "majority writes").Status, Is.EqualTo(StoreCheckStatus.Failed));
        Assert.That(Detail(report, "majority writes"), Does.StartWith("not acknowledged"));
        Assert.That(report.Holds, Is.False);
    }

    [Test]
    public async Task Check_OfAServerOlderThanLudminNeeds_Fails()
    {
        _deployment.Version = "4.0.28";

        var report = await CheckAsync();

        Assert.That(Item(report, "server version").Status, Is.EqualTo(StoreCheckStatus.Failed));
        Assert.That(Detail(report, "server version"), Does.Contain("needs 4.4 or later"));
    }

    [Test]
    public void Check_WhenNoServerAnswers_ThrowsOneSentence()
    {
        using var store = MongoStore.Connect(
            $"mongodb://127.0.0.1:{FakeMongoServer.FreePort()}/?directConnection=true&serverSelectionTimeoutMS=300&connectTimeoutMS=300",
            "ludmin",
            TimeProvider.System,
            NullLogger<MongoStore>.Instance);

        var error = Assert.ThrowsAsync<InvalidOperationException>(() => new MongoStoreCheck(store, TimeProvider.System).RunAsync(CancellationToken.None));

        Assert.That(error!.Message, Is.EqualTo("MongoDB could not be reached: no MongoDB server answered within the server selection timeout."));
    }

    private Task<StoreCheckReport> CheckAsync() => new MongoStoreCheck(Store, TimeProvider.System).RunAsync(CancellationToken.None);

    private static StoreCheckItem Item(StoreCheckReport report, string subject) => report.Items.First(i => i.Subject == subject);

    private static string Detail(StoreCheckReport report, string subject) => Item(report, subject).Detail;

    private static string Describe(StoreCheckReport report) => string.Join("\n", report.Items.Select(i => $"{i.Status} {i.Subject}: {i.Detail}"));
}
