using Ludmin.Domain.Common;
using Ludmin.Domain.Users;
using Ludmin.Infrastructure.Storage;
using Ludmin.Infrastructure.Storage.Mongo;
using Ludmin.Storage.Tests.Contract;
using Microsoft.Extensions.Logging.Abstractions;
using MongoDB.Bson;

namespace Ludmin.Storage.Tests.Mongo;

/// <summary>
/// Failovers, stalls and broken connections as the driver meets them, against
/// <see cref="FakeMongoServer"/> playing a replica-set primary: what the driver puts on the wire
/// (retries, their <c>txnNumber</c> and <c>lsid</c>, read concerns) and what the adapter makes of
/// the outcome. The guards on waiting are generous bounds against a hang, never a measure.
/// </summary>
public sealed class MongoFailoverWireTests
{
    private static readonly TimeSpan Guard = TimeSpan.FromSeconds(90);

    [Test]
    public async Task Update_WhenThePrimaryStepsDown_IsRetriedOnceWithTheSameTransactionNumber()
    {
        await using var server = new FakeMongoServer();
        var firstUpdate = FirstOf("update");
        server.Respond = command => firstUpdate(command) ? FakeMongoServer.Error(189, "PrimarySteppedDown", "RetryableWriteError") : null;
        using var store = await ReadyStoreAsync(server.ConnectionString);
        var user = Users.New();

        await new MongoUserRepository(store).UpdateAsync(user, CancellationToken.None).WaitAsync(Guard);

        var sent = server.CommandsNamed("update").ToList();
        Assert.That(sent, Has.Count.EqualTo(2), "one attempt and one retry");
        Assert.That(sent[0].Contains("txnNumber"), Is.True, "a retryable write carries a transaction number");
        Assert.That(sent[1]["txnNumber"], Is.EqualTo(sent[0]["txnNumber"]), "the retry is the same write, which the server applies once");
        Assert.That(sent[1]["lsid"], Is.EqualTo(sent[0]["lsid"]), "in the same session");
        foreach (var update in sent)
        {
            BsonRender.AssertSame(update["writeConcern"], """{ w: "majority", wtimeout: 10000.0 }""");
            BsonRender.AssertSame(update["updates"][0]["q"], $$"""{ _id: "{{user.Id}}", version: NumberLong(0) }""");
        }
    }

    [Test]
    public async Task Add_WhenTheServerIsNoLongerWritablePrimary_IsRetriedOnceAndSucceeds()
    {
        await using var server = new FakeMongoServer();
        var firstInsert = FirstOf("insert");
        server.Respond = command => firstInsert(command) ? FakeMongoServer.Error(10107, "NotWritablePrimary", "RetryableWriteError") : null;
        using var store = await ReadyStoreAsync(server.ConnectionString);

        await new MongoUserRepository(store).AddAsync(Users.New(), CancellationToken.None).WaitAsync(Guard);

        var sent = server.CommandsNamed("insert").ToList();
        Assert.That(sent, Has.Count.EqualTo(2));
        Assert.That(sent[1]["txnNumber"], Is.EqualTo(sent[0]["txnNumber"]));
    }

    [Test]
    public async Task Add_WhenTheConnectionIsResetMidReply_IsRetriedOnceWithTheSameTransactionNumber()
    {
        await using var server = new FakeMongoServer();
        var firstInsert = FirstOf("insert");
        server.Misbehave = command => firstInsert(command) ? FakeFault.ResetMidReply : FakeFault.None;
        using var store = await ReadyStoreAsync(server.ConnectionString);

        await new MongoUserRepository(store).AddAsync(Users.New(), CancellationToken.None).WaitAsync(Guard);

        var sent = server.CommandsNamed("insert").ToList();
        Assert.That(sent, Has.Count.EqualTo(2), "the write may have been applied before the reply broke: it is sent again, as the same write");
        Assert.That(sent[1]["txnNumber"], Is.EqualTo(sent[0]["txnNumber"]));
        Assert.That(sent[1]["lsid"], Is.EqualTo(sent[0]["lsid"]));
    }

    [Test]
    public async Task Write_DuringAnElectionLongerThanFiveSeconds_WaitsForTheNewPrimaryAndSucceeds()
    {
        await using var server = new FakeMongoServer();

        // No timeouts in the string: Ludmin's own (the 15 s operation timeout) apply.
        using var store = await ReadyStoreAsync(server.PlainConnectionString);
        server.IsPrimary = false;

        var writing = new MongoUserRepository(store).UpdateAsync(Users.New(), CancellationToken.None);
        for (var i = 0; i < 3000 && !server.CommandsNamed("update").Any() && !writing.IsCompleted; i++)
        {
            await Task.Delay(20);
        }

        Assert.That(server.CommandsNamed("update").Count(), Is.EqualTo(1), "the first attempt reached the old primary");

        // Longer than the 5 s server-selection timeout that used to bound the retry.
        await Task.Delay(TimeSpan.FromSeconds(6));
        Assert.That(writing.IsCompleted, Is.False, "the write waits for a primary");
        server.IsPrimary = true;

        await writing.WaitAsync(Guard);
        var sent = server.CommandsNamed("update").ToList();
        Assert.That(sent, Has.Count.EqualTo(2), "refused by the old primary, then retried once on the new one");
        Assert.That(sent[1]["txnNumber"], Is.EqualTo(sent[0]["txnNumber"]));
    }

    [Test]
    public async Task Write_WhenNoPrimaryIsElectedWithinTheDeadline_IsStoreUnavailable()
    {
        await using var server = new FakeMongoServer();
        using var store = await ReadyStoreAsync(server.PlainConnectionString, TimeSpan.FromSeconds(1));
        server.IsPrimary = false;

        var error = Assert.ThrowsAsync<DomainException>(() => new MongoUserRepository(store).UpdateAsync(Users.New(), CancellationToken.None).WaitAsync(Guard));

        Assert.That(error!.Error, Is.EqualTo(Errors.StoreUnavailable));
    }

    [Test]
    public async Task Find_WhenTheServerAcceptsAndNeverAnswers_IsStoreUnavailableWithinTheDeadline()
    {
        await using var server = new FakeMongoServer();
        using var store = await ReadyStoreAsync(server.PlainConnectionString, TimeSpan.FromSeconds(1));
        server.Misbehave = command => command.GetElement(0).Name == "find" ? FakeFault.Silence : FakeFault.None;

        var error = Assert.ThrowsAsync<DomainException>(() => new MongoUserRepository(store).FindByIdAsync(UserId.New(), CancellationToken.None).WaitAsync(Guard));

        Assert.That(error!.Error, Is.EqualTo(Errors.StoreUnavailable));
        Assert.That(server.CommandsNamed("find").Count(), Is.GreaterThanOrEqualTo(1), "the command reached the silent server");
    }

    [Test]
    public async Task Requests_WhenTheServerStaysSilent_HoldNoMoreConnectionsThanThePoolAndAllFail()
    {
        await using var server = new FakeMongoServer();
        using var store = await ReadyStoreAsync(server.PlainConnectionString + "&maxPoolSize=2", TimeSpan.FromSeconds(2));
        server.Misbehave = command => command.GetElement(0).Name == "find" ? FakeFault.Silence : FakeFault.None;
        var users = new MongoUserRepository(store);

        var requests = Enumerable.Range(0, 6).Select(_ => Refusal(users.FindByIdAsync(UserId.New(), CancellationToken.None))).ToList();
        var errors = await Task.WhenAll(requests).WaitAsync(Guard);

        Assert.That(errors, Is.All.EqualTo(Errors.StoreUnavailable), "the requests beyond the pool waited in its queue no longer than the deadline");
        Assert.That(server.SilentAtMost, Is.InRange(1, 2), "never more commands held at once than the pool's connections");
    }

    [Test]
    public async Task Requests_WhenTheServerAcceptsAndSaysNothingFromTheStart_AreStoreUnavailableWithinTheDeadline()
    {
        await using var silent = new SilentServer();
        using var store = MongoStore.Connect(
            $"mongodb://127.0.0.1:{silent.Port}/?replicaSet={FakeMongoServer.SetName}", "ludmin", TimeProvider.System, NullLogger<MongoStore>.Instance, TimeSpan.FromSeconds(1));
        await ((IStoreInitializer)store).InitializeAsync(CancellationToken.None);

        var error = Assert.ThrowsAsync<DomainException>(() => new MongoUserRepository(store).FindByIdAsync(UserId.New(), CancellationToken.None).WaitAsync(Guard));
        var ping = Assert.CatchAsync(() => store.PingAsync(CancellationToken.None).WaitAsync(Guard));

        Assert.That(error!.Error, Is.EqualTo(Errors.StoreUnavailable));
        Assert.That(ping, Is.InstanceOf<TimeoutException>(), "the ping gives up at the deadline");
        Assert.That(MongoErrors.IsUnavailable(ping!), Is.True);
        Assert.That(silent.Accepted, Is.GreaterThanOrEqualTo(1), "the driver did connect");
    }

    [Test]
    public async Task SessionCheck_ReadsLinearizableWithAServerSideBound()
    {
        await using var server = new FakeMongoServer();
        using var store = await ReadyStoreAsync(server.ConnectionString);

        var live = await new MongoUserRepository(store).HasSessionAsync(UserId.New(), DeviceId.New(), SessionId.New(), CancellationToken.None);

        Assert.That(live, Is.False, "the fake server holds no users");
        var count = server.CommandsNamed("aggregate").Single();
        Assert.That(count["aggregate"].AsString, Is.EqualTo("users"));
        BsonRender.AssertSame(count["readConcern"], """{ level: "linearizable" }""");
        Assert.That(count["maxTimeMS"].ToInt64(), Is.EqualTo((long)MongoStore.DefaultOperationTimeout.TotalMilliseconds));
        Assert.That(count.Contains("lsid"), Is.True, "the replica-set primary gets sessions");
    }

    [Test]
    public async Task SessionCheck_OnAStandalone_ReadsWithTheDefaultReadConcern()
    {
        await using var server = new FakeMongoServer(replicaSet: false);
        using var store = await ReadyStoreAsync(server.ConnectionString);

        var live = await new MongoUserRepository(store).HasSessionAsync(UserId.New(), DeviceId.New(), SessionId.New(), CancellationToken.None);

        Assert.That(live, Is.False);
        Assert.That(server.CommandsNamed("aggregate").Single().Contains("readConcern"), Is.False, "a standalone refuses linearizable (NotAReplicaSet) and has no other primary to be stale against");
    }

    [Test]
    public async Task OtherReads_UseTheServersDefaultReadConcern()
    {
        await using var server = new FakeMongoServer();
        using var store = await ReadyStoreAsync(server.ConnectionString);

        await new MongoUserRepository(store).FindByIdAsync(UserId.New(), CancellationToken.None);

        Assert.That(server.CommandsNamed("find").Single().Contains("readConcern"), Is.False);
    }

    /// <summary>The error a request was refused with, or null when it was served.</summary>
    private static async Task<Error?> Refusal(Task request)
    {
        try
        {
            await request;
            return null;
        }
        catch (DomainException ex)
        {
            return ex.Error;
        }
    }

    /// <summary>True for the first command named <paramref name="name"/> only (the driver may send from several threads): the attempt a test makes fail.</summary>
    private static Func<BsonDocument, bool> FirstOf(string name)
    {
        var seen = 0;
        return command => command.GetElement(0).Name == name && Interlocked.Increment(ref seen) == 1;
    }

    private static async Task<MongoStore> ReadyStoreAsync(string connectionString, TimeSpan? operationTimeout = null)
    {
        var store = MongoStore.Connect(connectionString, "ludmin", TimeProvider.System, NullLogger<MongoStore>.Instance, operationTimeout);
        await store.EnsureIndexesAsync(CancellationToken.None).WaitAsync(Guard);
        return store;
    }
}
