using Ludmin.Domain.Common;
using Ludmin.Domain.Users;
using Ludmin.Infrastructure.Storage;
using Ludmin.Infrastructure.Storage.Mongo;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.Logging;

namespace Ludmin.Storage.Tests.Mongo;

/// <summary>Index builds against <see cref="FakeMongoServer"/>: one that stalls never holds a request; one that conflicts is reported and left alone.</summary>
public sealed class MongoIndexWireTests
{
    private static readonly TimeSpan Guard = TimeSpan.FromSeconds(90);

    [TestCase(85, "IndexOptionsConflict")]
    [TestCase(86, "IndexKeySpecsConflict")]
    public async Task Indexes_WhenOneExistsWithOtherOptions_AreReportedByNameAndNotRetried(int code, string codeName)
    {
        await using var server = new FakeMongoServer();
        server.Respond = command => command.GetElement(0).Name == "createIndexes" && command["indexes"][0]["name"] == MongoIndexes.UsersByEmail
            ? FakeMongoServer.Error(code, codeName)
            : null;
        var log = new ListLogger<MongoStore>();
        using var store = MongoStore.Connect(server.ConnectionString, "ludmin", TimeProvider.System, log);

        await ((IStoreInitializer)store).InitializeAsync(CancellationToken.None);
        var conflict = Assert.CatchAsync<InvalidOperationException>(() => store.EnsureIndexesAsync(CancellationToken.None).WaitAsync(Guard));
        for (var i = 0; i < 600 && !log.Entries.Any(e => e.EventName == "MongoIndexConflict"); i++)
        {
            await Task.Delay(50);
        }

        Assert.That(conflict!.Message, Does.Contain(MongoIndexes.UsersByEmail).And.Contain("users").And.Contain(codeName));
        var logged = log.Entries.Single(e => e.EventName == "MongoIndexConflict");
        Assert.That(logged.Level, Is.EqualTo(LogLevel.Error));
        Assert.That(logged.Message, Does.Contain(MongoIndexes.UsersByEmail).And.Contain(codeName));
        var readiness = await new MongoHealthCheck(store).CheckHealthAsync(new HealthCheckContext());
        Assert.That(readiness.Status, Is.EqualTo(HealthStatus.Unhealthy));
        Assert.That(readiness.Description, Does.Contain(MongoIndexes.UsersByEmail).And.Contain(codeName).And.Contain("does not retry"));

        // Requests, readiness and new waits all find the same conflict: no further createIndexes is sent.
        var sentSoFar = server.CommandsNamed("createIndexes").Count();
        var refused = Assert.ThrowsAsync<DomainException>(() => new MongoUserRepository(store).FindByIdAsync(UserId.New(), CancellationToken.None));
        Assert.CatchAsync<InvalidOperationException>(() => store.EnsureIndexesAsync(CancellationToken.None).WaitAsync(Guard));
        Assert.That(refused!.Error, Is.EqualTo(Errors.StoreUnavailable));
        Assert.That(server.CommandsNamed("createIndexes").Count(), Is.EqualTo(sentSoFar));
        Assert.That(sentSoFar, Is.LessThanOrEqualTo(2), "the keeper and this test's wait share attempts; nobody tries again after the conflict");
        Assert.That(log.Entries.Count(e => e.EventName == "MongoIndexesFailed"), Is.Zero, "a conflict is not a failure to retry");
    }

    [Test]
    public async Task Requests_WhileAnIndexBuildStalls_AreRefusedAtOnceAndReadinessSaysWhy()
    {
        await using var server = new FakeMongoServer();
        server.Misbehave = command => command.GetElement(0).Name == "createIndexes" ? FakeFault.Silence : FakeFault.None;

        // The default deadline of 15 s: a request that waited on the build would still be waiting below.
        using var store = MongoStore.Connect(server.PlainConnectionString, "ludmin", TimeProvider.System, new ListLogger<MongoStore>());
        await ((IStoreInitializer)store).InitializeAsync(CancellationToken.None);
        for (var i = 0; i < 600 && server.SilentNow == 0; i++)
        {
            await Task.Delay(50);
        }

        Assert.That(server.SilentNow, Is.EqualTo(1), "the build is under way and unanswered");
        var refused = Assert.ThrowsAsync<DomainException>(() => new MongoUserRepository(store).FindByIdAsync(UserId.New(), CancellationToken.None).WaitAsync(Guard));
        var readiness = await new MongoHealthCheck(store).CheckHealthAsync(new HealthCheckContext()).WaitAsync(Guard);

        Assert.That(refused!.Error, Is.EqualTo(Errors.StoreUnavailable));
        Assert.That(server.SilentNow, Is.EqualTo(1), "refused while the build was still unanswered: the request did not wait on it");
        Assert.That(readiness.Status, Is.EqualTo(HealthStatus.Unhealthy));
        Assert.That(readiness.Description, Does.StartWith("MongoDB indexes are not in place yet"));
        Assert.That(server.CommandsNamed("find"), Is.Empty, "no request reaches a collection without its indexes");
    }
}
