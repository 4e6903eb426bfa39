using System.Net;
using System.Net.Sockets;
using Ludmin.Domain.Common;
using Ludmin.Domain.Users;
using Ludmin.Infrastructure.Storage;
using Ludmin.Infrastructure.Storage.Mongo;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.Logging.Abstractions;
using MongoDB.Driver;

namespace Ludmin.Storage.Tests.Mongo;

/// <summary>The store's settings and its behaviour when no server answers, with no server at all.</summary>
public sealed class MongoStoreTests
{
    private MongoStore _store = null!;

    /// <summary>A store aimed at a port nothing listens on: every connection is refused.</summary>
    [SetUp]
    public void AimAtNothing()
    {
        using var probe = new TcpListener(IPAddress.Loopback, 0);
        probe.Start();
        var port = ((IPEndPoint)probe.LocalEndpoint).Port;
        probe.Stop();
        _store = MongoStore.Connect(
            $"mongodb://127.0.0.1:{port}/?serverSelectionTimeoutMS=200&connectTimeoutMS=200", "ludmin", TimeProvider.System, NullLogger<MongoStore>.Instance);
    }

    [TearDown]
    public void DisposeStore() => _store.Dispose();

    [Test]
    public void ClientSettings_WhenTheStringSetsNoBounds_BoundsEveryPartOfACallByTheOperationTimeout()
    {
        var settings = MongoClients.Settings("mongodb://db1.example,db2.example/?replicaSet=rs0");

        Assert.That(MongoStore.DefaultOperationTimeout, Is.EqualTo(TimeSpan.FromSeconds(15)), "longer than an unplanned election at the server's defaults");
        Assert.That(settings.ServerSelectionTimeout, Is.EqualTo(MongoStore.DefaultOperationTimeout), "a retried write may wait for the new primary");
        Assert.That(settings.SocketTimeout, Is.EqualTo(MongoStore.DefaultOperationTimeout), "the driver's default is infinite");
        Assert.That(settings.WaitQueueTimeout, Is.EqualTo(MongoStore.DefaultOperationTimeout), "the driver's default is 2 minutes");
        Assert.That(settings.MaxConnectionPoolSize, Is.EqualTo(MongoClients.DefaultMaxConnectionPoolSize));
        Assert.That(settings.ConnectTimeout, Is.EqualTo(MongoClients.DefaultConnectTimeout));
        Assert.That(settings.RetryWrites, Is.True);
        Assert.That(settings.RetryReads, Is.True);
        Assert.That(settings.ApplicationName, Is.EqualTo("ludmin"));
        Assert.That(settings.ReplicaSetName, Is.EqualTo("rs0"));
    }

    [Test]
    public void ClientSettings_FollowTheConfiguredOperationTimeout()
    {
        var settings = MongoClients.Settings("mongodb://db.example/", TimeSpan.FromSeconds(20));

        Assert.That((settings.ServerSelectionTimeout, settings.SocketTimeout, settings.WaitQueueTimeout), Is.EqualTo((TimeSpan.FromSeconds(20), TimeSpan.FromSeconds(20), TimeSpan.FromSeconds(20))));
    }

    [Test]
    public void ClientSettings_WhenTheStringSetsBounds_KeepsThose()
    {
        var settings = MongoClients.Settings(
            "mongodb://db.example/?serverSelectionTimeoutMS=12000&connectTimeoutMS=3000&socketTimeoutMS=9000&waitQueueTimeoutMS=4000&maxPoolSize=20&appName=billing");

        Assert.That(settings.ServerSelectionTimeout, Is.EqualTo(TimeSpan.FromSeconds(12)));
        Assert.That(settings.ConnectTimeout, Is.EqualTo(TimeSpan.FromSeconds(3)));
        Assert.That(settings.SocketTimeout, Is.EqualTo(TimeSpan.FromSeconds(9)));
        Assert.That(settings.WaitQueueTimeout, Is.EqualTo(TimeSpan.FromSeconds(4)));
        Assert.That(settings.MaxConnectionPoolSize, Is.EqualTo(20));
        Assert.That(settings.ApplicationName, Is.EqualTo("billing"));
    }

    [Test]
    public void ClientSettings_WhenTheStringIsMalformed_SaysSoWithoutRepeatingIt()
    {
        var error = Assert.Throws<InvalidOperationException>(() => MongoClients.Settings("mongodb://admin:hunter2@db.example:notaport/"));

        Assert.That(error!.ToString(), Does.Not.Contain("hunter2"));
        Assert.That(error.Message, Does.Contain("not valid"));
    }

    [Test]
    public void FromOptions_WithoutAConnectionString_NamesTheSetting()
    {
        var error = Assert.Throws<InvalidOperationException>(() =>
            MongoStore.FromOptions(new MongoStorageOptions { ConnectionString = " " }, TimeProvider.System, NullLogger<MongoStore>.Instance));

        Assert.That(error!.Message, Does.Contain("Ludmin:Storage:Mongo:ConnectionString"));
    }

    [Test]
    public void FromOptions_WithAnOperationTimeoutThatIsNotPositive_NamesTheSetting()
    {
        var error = Assert.Throws<InvalidOperationException>(() => MongoStore.FromOptions(
            new MongoStorageOptions { ConnectionString = "mongodb://db.example/", OperationTimeout = TimeSpan.Zero }, TimeProvider.System, NullLogger<MongoStore>.Instance));

        Assert.That(error!.Message, Does.Contain("Ludmin:Storage:Mongo:OperationTimeout"));
    }

    [Test]
    public void FromOptions_ForAnSrvString_ReadsNoDnsAndMakesNoClient()
    {
        var made = 0;
        using var store = MongoStore.FromOptions(
            new MongoStorageOptions { ConnectionString = "mongodb+srv://cluster0.ludmin.invalid/" },
            TimeProvider.System,
            NullLogger<MongoStore>.Instance,
            (connectionString, timeout) =>
            {
                made++;
                return MongoClients.Create(connectionString, timeout);
            });

        Assert.That(made, Is.Zero, "the client (and its DNS lookup) is made in the background, never on the start path");
    }

    [Test]
    public void Collections_WriteWithMajorityAndReadFromThePrimary()
    {
        foreach (var settings in new[] { _store.Users.Settings, _store.Resets.Settings, _store.Throttles.Settings, _store.SessionChecks.Settings })
        {
            Assert.That(settings.WriteConcern.W, Is.EqualTo(WriteConcern.WMajority.W));
            Assert.That(settings.WriteConcern.WTimeout, Is.EqualTo(TimeSpan.FromSeconds(10)));
            Assert.That(settings.ReadPreference, Is.EqualTo(ReadPreference.Primary));
        }
    }

    [Test]
    public void SessionChecks_ReadLinearizable_OtherReadsTheServerDefault()
    {
        Assert.That(_store.SessionChecks.Settings.ReadConcern, Is.EqualTo(ReadConcern.Linearizable));
        Assert.That(_store.Users.Settings.ReadConcern, Is.EqualTo(ReadConcern.Default));
        using var turnedOff = MongoStore.FromOptions(
            new MongoStorageOptions { ConnectionString = "mongodb://db.example/", LinearizableSessionChecks = false }, TimeProvider.System, NullLogger<MongoStore>.Instance);
        Assert.That(turnedOff.SessionChecks.Settings.ReadConcern, Is.EqualTo(ReadConcern.Default));
    }

    [Test]
    public void Collections_AreTheDocumentedOnes()
    {
        Assert.That(_store.Users.CollectionNamespace.CollectionName, Is.EqualTo("users"));
        Assert.That(_store.Resets.CollectionNamespace.CollectionName, Is.EqualTo("password_resets"));
        Assert.That(_store.Database.DatabaseNamespace.DatabaseName, Is.EqualTo("ludmin"));
    }

    [Test]
    public void Initialize_WhenNoServerAnswers_ReturnsAtOnce()
    {
        var initializing = ((IStoreInitializer)_store).InitializeAsync(CancellationToken.None);

        Assert.That(initializing.IsCompletedSuccessfully, Is.True, "the start must not wait for MongoDB");
        Assert.That(_store.IndexesReady, Is.False);
    }

    [Test]
    public void WaitUntilReady_WhenNoServerAnswers_IsStoreUnavailable()
    {
        var error = Assert.ThrowsAsync<DomainException>(() => ((IStoreInitializer)_store).WaitUntilReadyAsync(CancellationToken.None));

        Assert.That(error!.Error, Is.EqualTo(Errors.StoreUnavailable), "the command line says the store is unavailable, with no stack trace");
    }

    [Test]
    public void Requests_WhenNoServerAnswers_AreRefusedAsStoreUnavailable()
    {
        var users = new MongoUserRepository(_store);
        var resets = new MongoPasswordResetRepository(_store);

        var errors = new[]
        {
            Assert.ThrowsAsync<DomainException>(() => users.FindByIdAsync(UserId.New(), CancellationToken.None)),
            Assert.ThrowsAsync<DomainException>(() => users.AddAsync(Contract.Users.New(), CancellationToken.None)),
            Assert.ThrowsAsync<DomainException>(() => resets.FindAsync(UserId.New(), CancellationToken.None)),
        };

        Assert.That(errors.Select(e => e!.Error), Is.All.EqualTo(Errors.StoreUnavailable));
    }

    [Test]
    public async Task HealthCheck_WhenNoServerAnswers_IsUnhealthyAndSaysWhy()
    {
        var check = new MongoHealthCheck(_store);
        var result = await check.CheckHealthAsync(new HealthCheckContext());
        Assert.That(result.Status, Is.EqualTo(HealthStatus.Unhealthy));

        // The first answer may come before the background attempt has failed; then it says the indexes are being made.
        for (var attempt = 0; attempt < 600 && !result.Description!.Contains("no MongoDB server answered", StringComparison.Ordinal); attempt++)
        {
            await Task.Delay(50);
            result = await check.CheckHealthAsync(new HealthCheckContext());
        }

        Assert.That(result.Status, Is.EqualTo(HealthStatus.Unhealthy));
        Assert.That(result.Description, Does.Contain("no MongoDB server answered"));
        Assert.That(result.Description, Does.Not.Contain("127.0.0.1"), "the public answer names no hosts");
    }
}
