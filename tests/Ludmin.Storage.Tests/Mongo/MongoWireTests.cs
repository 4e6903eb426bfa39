using Ludmin.Domain.Common;
using Ludmin.Domain.LoginThrottles;
using Ludmin.Domain.PasswordResets;
using Ludmin.Domain.Users;
using Ludmin.Infrastructure.Storage;
using Ludmin.Infrastructure.Storage.Mongo;
using Ludmin.Storage.Tests.Contract;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.Logging.Abstractions;
using MongoDB.Bson;

namespace Ludmin.Storage.Tests.Mongo;

/// <summary>
/// The adapter through the real driver against <see cref="FakeMongoServer"/>: what goes on the
/// wire, how the server's answers are read, and recovery once a server appears.
/// </summary>
public sealed class MongoWireTests
{
    /// <summary>The driver sends wtimeout as a double.</summary>
    private const string Majority = """{ w: "majority", wtimeout: 10000.0 }""";

    private const string ThrottleKey = "ann.lee@example.com";

    [Test]
    public async Task Indexes_AreCreatedOneByOneWithTheDocumentedSpecsAndMajorityWrites()
    {
        await using var server = new FakeMongoServer();
        using var store = Connect(server.ConnectionString);

        await store.EnsureIndexesAsync(CancellationToken.None);

        var commands = server.CommandsNamed("createIndexes").ToList();
        Assert.That(commands.Select(c => c["createIndexes"].AsString), Is.EqualTo(new[] { "users", "users", "password_resets", "login_throttles", "reset_refusals", "second_factors", "second_factor_challenges", "second_factor_challenges", "passkeys", "passkey_challenges" }));
        BsonRender.AssertSame(Without(commands[0], "$db", "lsid", "$readPreference", "$clusterTime"), """
            {
              createIndexes: "users",
              indexes: [{ key: { "emails.normalized": 1 }, name: "emails_normalized_unique", unique: true }],
              writeConcern: { w: "majority", wtimeout: 10000.0 }
            }
            """);
        BsonRender.AssertSame(commands[1]["indexes"][0], """{ key: { created_at: 1, _id: 1 }, name: "created_at_id" }""");
        Assert.That(commands[1]["indexes"].AsBsonArray, Has.Count.EqualTo(1));
        BsonRender.AssertSame(commands[7]["indexes"][0], """{ key: { user_id: 1 }, name: "user_id" }""");
        BsonRender.AssertSame(commands[8]["indexes"][0], """{ key: { user_id: 1, created_at: 1 }, name: "user_id_created_at" }""");
        foreach (var ttlCommand in commands.Skip(2).Where((_, i) => i + 2 is not 7 and not 8))
        {
            Assert.That(ttlCommand["indexes"].AsBsonArray, Has.Count.EqualTo(1));
            var ttl = ttlCommand["indexes"][0].AsBsonDocument;
            Assert.That(ttl["name"].AsString, Is.EqualTo("expires_at_ttl"));
            Assert.That(ttl["key"], Is.EqualTo(new BsonDocument("expires_at", 1)));
            Assert.That(ttl["expireAfterSeconds"].ToDouble(), Is.Zero);
            BsonRender.AssertSame(ttlCommand["writeConcern"], Majority);
        }
    }

    [Test]
    public async Task Add_SendsTheDocumentWithMajorityWrites()
    {
        await using var server = new FakeMongoServer();
        using var store = await ReadyStoreAsync(server.ConnectionString);
        var user = Users.New();

        await new MongoUserRepository(store).AddAsync(user, CancellationToken.None);

        var insert = server.CommandsNamed("insert").Single();
        Assert.That(insert["insert"].AsString, Is.EqualTo("users"));
        BsonRender.AssertSame(insert["writeConcern"], Majority);
        BsonRender.AssertSame(insert["documents"][0], BsonRender.Document(UserDocument.FromDomain(user, 0)));
    }

    [Test]
    public async Task Add_WhenTheServerReportsADuplicateAddress_IsRefusedAsEmailInUse()
    {
        await using var server = new FakeMongoServer();
        server.Respond = command => command.GetElement(0).Name == "insert" ? DuplicateKey("emails_normalized_unique", "emails.normalized") : null;
        using var store = await ReadyStoreAsync(server.ConnectionString);

        var error = Assert.ThrowsAsync<DomainException>(() => new MongoUserRepository(store).AddAsync(Users.New(), CancellationToken.None));

        Assert.That(error!.Error, Is.EqualTo(Errors.EmailInUse));
        Assert.That(error.Field, Is.EqualTo("email"));
    }

    [Test]
    public async Task Update_WhenTheServerReportsADuplicateAddress_IsRefusedAsEmailInUse()
    {
        await using var server = new FakeMongoServer();
        server.Respond = command => command.GetElement(0).Name == "update" ? DuplicateKey("emails_normalized_unique", "emails.normalized") : null;
        using var store = await ReadyStoreAsync(server.ConnectionString);

        var error = Assert.ThrowsAsync<DomainException>(() => new MongoUserRepository(store).UpdateAsync(Users.New(), CancellationToken.None));

        Assert.That(error!.Error, Is.EqualTo(Errors.EmailInUse));
    }

    [Test]
    public async Task Update_WhenNothingMatchesTheVersionRead_IsAConcurrencyError()
    {
        await using var server = new FakeMongoServer();
        server.Respond = command => command.GetElement(0).Name == "update" ? new BsonDocument { { "n", 0 }, { "nModified", 0 }, { "ok", 1.0 } } : null;
        using var store = await ReadyStoreAsync(server.ConnectionString);
        var user = User.Restore(UserId.New(), FullName.Create("Ann Lee"), Users.New().Emails, Users.Hash("h"), [], [], false, Users.Epoch, Users.Epoch, version: 6);

        Assert.ThrowsAsync<ConcurrencyException>(() => new MongoUserRepository(store).UpdateAsync(user, CancellationToken.None));

        var update = server.CommandsNamed("update").Single()["updates"][0].AsBsonDocument;
        BsonRender.AssertSame(update["q"], $$"""{ _id: "{{user.Id}}", version: NumberLong(6) }""");
        BsonRender.AssertSame(update["u"]["$inc"], "{ version: NumberLong(1) }");
        Assert.That(update["u"]["$set"].AsBsonDocument.Names, Does.Not.Contain("devices"), "a profile save leaves the devices alone");
        Assert.That(update.GetValue("upsert", false).ToBoolean(), Is.False);
    }

    [Test]
    public async Task Update_WhenNoMajorityAcknowledgesInTime_IsStoreUnavailable()
    {
        await using var server = new FakeMongoServer();
        server.Respond = command => command.GetElement(0).Name == "update"
            ? new BsonDocument
            {
                { "n", 1 }, { "nModified", 1 },
                { "writeConcernError", new BsonDocument { { "code", 64 }, { "codeName", "WriteConcernFailed" }, { "errmsg", "waiting for replication timed out" } } },
                { "ok", 1.0 },
            }
            : null;
        using var store = await ReadyStoreAsync(server.ConnectionString);

        var error = Assert.ThrowsAsync<DomainException>(() => new MongoUserRepository(store).UpdateAsync(Users.New(), CancellationToken.None));

        Assert.That(error!.Error, Is.EqualTo(Errors.StoreUnavailable));
    }

    [Test]
    public async Task ReplaceResetCode_UpsertsOnTheUserId()
    {
        await using var server = new FakeMongoServer();
        using var store = await ReadyStoreAsync(server.ConnectionString);
        var reset = PasswordReset.Issue(UserId.New(), "hash", Users.Epoch, TimeSpan.FromMinutes(15));

        await new MongoPasswordResetRepository(store).ReplaceAsync(reset, CancellationToken.None);

        var update = server.CommandsNamed("update").Single();
        Assert.That(update["update"].AsString, Is.EqualTo("password_resets"));
        BsonRender.AssertSame(update["writeConcern"], Majority);
        Assert.That(update["updates"][0]["upsert"].ToBoolean(), Is.True);
        BsonRender.AssertSame(update["updates"][0]["q"], $$"""{ _id: "{{reset.UserId}}" }""");
    }

    [Test]
    public async Task SaveThrottle_First_InsertsTheDocumentAtVersionOneWithMajorityWrites()
    {
        await using var server = new FakeMongoServer();
        using var store = await ReadyStoreAsync(server.ConnectionString);
        var throttle = Throttles.FirstFailure(ThrottleKey, Users.Epoch);

        await new MongoLoginThrottleRepository(store).SaveAsync(throttle, CancellationToken.None);

        var insert = server.CommandsNamed("insert").Single();
        Assert.That(insert["insert"].AsString, Is.EqualTo("login_throttles"));
        BsonRender.AssertSame(insert["writeConcern"], Majority);
        BsonRender.AssertSame(insert["documents"][0], BsonRender.Document(LoginThrottleDocument.FromDomain(throttle)));
        Assert.That(insert["documents"][0]["version"], Is.EqualTo(new BsonInt64(1)));
        Assert.That(server.CommandsNamed("update"), Is.Empty, "a first save never replaces");
    }

    [Test]
    public async Task SaveThrottle_WhenTheFirstInsertFindsTheAddressTaken_IsAConcurrencyError()
    {
        await using var server = new FakeMongoServer();
        server.Respond = command => command.GetElement(0).Name == "insert" ? DuplicateKey("_id_", "_id", collection: "login_throttles") : null;
        using var store = await ReadyStoreAsync(server.ConnectionString);

        var error = Assert.ThrowsAsync<ConcurrencyException>(
            () => new MongoLoginThrottleRepository(store).SaveAsync(Throttles.FirstFailure(ThrottleKey, Users.Epoch), CancellationToken.None));

        Assert.That(error!.Error, Is.EqualTo(Errors.ConcurrentUpdate));
        Assert.That(error.Id, Is.EqualTo(ThrottleKey));
    }

    [Test]
    public async Task SaveThrottle_WhenNothingMatchesTheVersionRead_IsAConcurrencyError()
    {
        await using var server = new FakeMongoServer();
        server.Respond = command => command.GetElement(0).Name == "update" ? new BsonDocument { { "n", 0 }, { "nModified", 0 }, { "ok", 1.0 } } : null;
        using var store = await ReadyStoreAsync(server.ConnectionString);
        var stale = LoginThrottle.Restore(ThrottleKey, 6, Users.Epoch, Users.Epoch.AddSeconds(30), Users.Epoch.AddHours(12), version: 3);

        Assert.ThrowsAsync<ConcurrencyException>(() => new MongoLoginThrottleRepository(store).SaveAsync(stale, CancellationToken.None));

        var command = server.CommandsNamed("update").Single();
        Assert.That(command["update"].AsString, Is.EqualTo("login_throttles"));
        BsonRender.AssertSame(command["writeConcern"], Majority);
        var update = command["updates"][0].AsBsonDocument;
        BsonRender.AssertSame(update["q"], """{ _id: "ann.lee@example.com", version: NumberLong(3) }""");
        BsonRender.AssertSame(update["u"], BsonRender.Update(MongoLoginThrottleRepository.Save(LoginThrottleDocument.FromDomain(stale))));
        Assert.That(update.GetValue("upsert", false).ToBoolean(), Is.False, "a lost race must not write a throttle back");
        Assert.That(server.CommandsNamed("insert"), Is.Empty, "a stored throttle is never inserted again");
    }

    [Test]
    public async Task FindThrottle_ReadsTheDocumentTheServerReturns()
    {
        await using var server = new FakeMongoServer();
        var stored = LoginThrottle.Restore(ThrottleKey, 6, Users.Epoch, Users.Epoch.AddSeconds(30), Users.Epoch.AddHours(12), version: 3);
        server.Respond = command => command.GetElement(0).Name == "find"
            ? new BsonDocument
            {
                {
                    "cursor", new BsonDocument
                    {
                        { "firstBatch", new BsonArray { BsonRender.Document(LoginThrottleDocument.FromDomain(stored)) } },
                        { "id", 0L },
                        { "ns", "ludmin.login_throttles" },
                    }
                },
                { "ok", 1.0 },
            }
            : null;
        using var store = await ReadyStoreAsync(server.ConnectionString);

        var found = await new MongoLoginThrottleRepository(store).FindAsync(ThrottleKey, CancellationToken.None);

        ThrottleAssert.SameState(found, stored, version: 4);
        var find = server.CommandsNamed("find").Single();
        Assert.That(find["find"].AsString, Is.EqualTo("login_throttles"));
        BsonRender.AssertSame(find["filter"], """{ _id: "ann.lee@example.com" }""");
        Assert.That(find["limit"].ToInt32(), Is.EqualTo(1));
    }

    [Test]
    public async Task DeleteThrottle_DeletesOneDocumentByTheAddress()
    {
        await using var server = new FakeMongoServer();
        using var store = await ReadyStoreAsync(server.ConnectionString);

        await new MongoLoginThrottleRepository(store).DeleteAsync(ThrottleKey, CancellationToken.None);

        var command = server.CommandsNamed("delete").Single();
        Assert.That(command["delete"].AsString, Is.EqualTo("login_throttles"));
        BsonRender.AssertSame(command["writeConcern"], Majority);
        BsonRender.AssertSame(command["deletes"][0]["q"], """{ _id: "ann.lee@example.com" }""");
        Assert.That(command["deletes"][0]["limit"].ToInt32(), Is.EqualTo(1));
    }

    [Test]
    public async Task DeleteExpiredThrottles_ReturnsHowManyTheServerRemoved()
    {
        await using var server = new FakeMongoServer();
        server.Respond = command => command.GetElement(0).Name == "delete" ? new BsonDocument { { "n", 3 }, { "ok", 1.0 } } : null;
        using var store = await ReadyStoreAsync(server.ConnectionString);

        var removed = await new MongoLoginThrottleRepository(store).DeleteExpiredAsync(Users.Epoch, CancellationToken.None);

        Assert.That(removed, Is.EqualTo(3));
        var command = server.CommandsNamed("delete").Single();
        Assert.That(command["delete"].AsString, Is.EqualTo("login_throttles"));
        BsonRender.AssertSame(command["deletes"][0]["q"], """{ expires_at: { $lte: ISODate("2226-01-02T03:04:05.678Z") } }""");
        Assert.That(command["deletes"][0]["limit"].ToInt32(), Is.Zero, "every expired throttle, not just one");
    }

    [Test]
    public async Task CopyTarget_WhenTheServerRefusesAnUpsertOnTheId_CountsTheUserAsKeptNewer()
    {
        await using var server = new FakeMongoServer();
        server.Respond = command => command.GetElement(0).Name == "update" ? DuplicateKey("_id_", "_id", at: 1, matched: 1) : null;
        using var store = await ReadyStoreAsync(server.ConnectionString);
        var users = new[] { Users.New(), Users.New() };

        var kept = await new MongoStoreCopyTarget(store).UpsertUsersAsync(users, CancellationToken.None);

        Assert.That(kept, Is.EqualTo(1));
        var update = server.CommandsNamed("update").Single();
        Assert.That(update["ordered"].ToBoolean(), Is.False, "one refusal must not stop the rest of the page");
        Assert.That(update["updates"].AsBsonArray.Select(u => u["upsert"].ToBoolean()), Is.All.True);
    }

    [Test]
    public async Task CopyTarget_WhenAnotherUserHoldsAnAddress_FailsNamingTheUser()
    {
        await using var server = new FakeMongoServer();
        server.Respond = command => command.GetElement(0).Name == "update" ? DuplicateKey("emails_normalized_unique", "emails.normalized", at: 1, matched: 1) : null;
        using var store = await ReadyStoreAsync(server.ConnectionString);
        var users = new[] { Users.New(), Users.New() };

        var error = Assert.ThrowsAsync<InvalidOperationException>(() => new MongoStoreCopyTarget(store).UpsertUsersAsync(users, CancellationToken.None));

        Assert.That(error!.Message, Does.Contain(users[1].Id.Value));
    }

    [Test]
    public async Task HealthCheck_StartsTheIndexesWithoutWaitingAndIsHealthyOncePingedAfterThem()
    {
        await using var server = new FakeMongoServer();
        using var store = Connect(server.ConnectionString);
        var check = new MongoHealthCheck(store);

        var first = await check.CheckHealthAsync(new HealthCheckContext());
        Assert.That(first.Status, Is.EqualTo(HealthStatus.Unhealthy), "not ready before the indexes exist");
        Assert.That(first.Description, Does.StartWith("MongoDB indexes are not in place yet"));

        var result = first;
        for (var attempt = 0; attempt < 600 && result.Status != HealthStatus.Healthy; attempt++)
        {
            await Task.Delay(50);
            result = await check.CheckHealthAsync(new HealthCheckContext());
        }

        Assert.That(result.Status, Is.EqualTo(HealthStatus.Healthy), result.Description);
        Assert.That(server.CommandsNamed("createIndexes").Count(), Is.EqualTo(10), "two on users, one each on password_resets, login_throttles, reset_refusals and second_factors, two on second_factor_challenges, one each on passkeys and passkey_challenges");
        Assert.That(server.CommandsNamed("ping").Count(), Is.EqualTo(1), "a ping only once the indexes exist");
    }

    [Test]
    public async Task WaitUntilReady_CompletesOnceTheIndexesExist()
    {
        await using var server = new FakeMongoServer();
        using var store = Connect(server.ConnectionString);
        var initializer = (IStoreInitializer)store;
        await initializer.InitializeAsync(CancellationToken.None);

        await initializer.WaitUntilReadyAsync(CancellationToken.None);

        Assert.That(store.IndexesReady, Is.True, "the command line may go on: requests are served");
        Assert.That(await new MongoUserRepository(store).FindByIdAsync(UserId.New(), CancellationToken.None), Is.Null);
    }

    [Test]
    public async Task Requests_OnceTheServerIsBack_AreServedWithoutARestart()
    {
        var port = FakeMongoServer.FreePort();
        using var store = Connect($"mongodb://127.0.0.1:{port}/?replicaSet={FakeMongoServer.SetName}&serverSelectionTimeoutMS=1000&connectTimeoutMS=1000");
        var users = new MongoUserRepository(store);
        var down = Assert.ThrowsAsync<DomainException>(() => users.FindByIdAsync(UserId.New(), CancellationToken.None));
        Assert.That(down!.Error, Is.EqualTo(Errors.StoreUnavailable));

        await using var server = new FakeMongoServer(port);
        User? found = null;
        var served = false;

        // A guard, not a measure: the background keeper makes the indexes once it sees the server.
        for (var attempt = 0; attempt < 600 && !served; attempt++)
        {
            try
            {
                found = await users.FindByIdAsync(UserId.New(), CancellationToken.None);
                served = true;
            }
            catch (DomainException ex) when (ex.Error == Errors.StoreUnavailable)
            {
                await Task.Delay(100);
            }
        }

        Assert.That(served, Is.True, "a request was served once the server was back");
        Assert.That(found, Is.Null, "the fake server holds no users");
        Assert.That(store.IndexesReady, Is.True, "the indexes were made on the way");
    }

    private static MongoStore Connect(string connectionString) =>
        MongoStore.Connect(connectionString, "ludmin", TimeProvider.System, NullLogger<MongoStore>.Instance);

    /// <summary>A store whose indexes exist: requests are served only then.</summary>
    private static async Task<MongoStore> ReadyStoreAsync(string connectionString)
    {
        var store = Connect(connectionString);
        await store.EnsureIndexesAsync(CancellationToken.None);
        return store;
    }

    private static BsonDocument DuplicateKey(string index, string field, int at = 0, int matched = 0, string collection = "users") => new()
    {
        { "n", matched },
        { "nModified", matched },
        { "writeErrors", new BsonArray { new BsonDocument
        {
            { "index", at },
            { "code", 11000 },
            { "errmsg", $"E11000 duplicate key error collection: ludmin.{collection} index: {index} dup key: {{ {field}: \"ann@example.com\" }}" },
        } } },
        { "ok", 1.0 },
    };

    private static BsonDocument Without(BsonDocument command, params string[] names)
    {
        var copy = command.DeepClone().AsBsonDocument;
        foreach (var name in names)
        {
            copy.Remove(name);
        }

        return copy;
    }
}
