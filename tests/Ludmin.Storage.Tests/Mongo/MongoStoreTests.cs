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
    public void ClientSettings_WhenTheStringSetsNoTimeouts_KeepsThemShort()
    {
        var settings = MongoStore.ClientSettings("mongodb://db1.example,db2.example/?replicaSet=rs0");

        Assert.That(settings.ServerSelectionTimeout, Is.EqualTo(MongoStore.DefaultServerSelectionTimeout));
        Assert.That(settings.ConnectTimeout, Is.EqualTo(MongoStore.DefaultConnectTimeout));
        Assert.That(settings.ApplicationName, Is.EqualTo("ludmin"));
        Assert.That(settings.ReplicaSetName, Is.EqualTo("rs0"));
    }

    [Test]
    public void ClientSettings_WhenTheStringSetsTimeouts_KeepsThose()
    {
        var settings = MongoStore.ClientSettings("mongodb://db.example/?serverSelectionTimeoutMS=12000&connectTimeoutMS=3000&appName=billing");

        Assert.That(settings.ServerSelectionTimeout, Is.EqualTo(TimeSpan.FromSeconds(12)));
        Assert.That(settings.ConnectTimeout, Is.EqualTo(TimeSpan.FromSeconds(3)));
        Assert.That(settings.ApplicationName, Is.EqualTo("billing"));
    }

    [Test]
    public void ClientSettings_WhenTheStringIsMalformed_SaysSoWithoutRepeatingIt()
    {
        var error = Assert.Throws<InvalidOperationException>(() => MongoStore.ClientSettings("mongodb://admin:hunter2@db.example:notaport/"));

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
    public void Collections_WriteWithMajorityAndReadFromThePrimary()
    {
        foreach (var settings in new[] { _store.Users.Settings, (MongoCollectionSettings)_store.Resets.Settings })
        {
            Assert.That(settings.WriteConcern.W, Is.EqualTo(WriteConcern.WMajority.W));
            Assert.That(settings.WriteConcern.WTimeout, Is.EqualTo(TimeSpan.FromSeconds(10)));
            Assert.That(settings.ReadPreference, Is.EqualTo(ReadPreference.Primary));
        }
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
        var result = await new MongoHealthCheck(_store).CheckHealthAsync(new HealthCheckContext());

        Assert.That(result.Status, Is.EqualTo(HealthStatus.Unhealthy));
        Assert.That(result.Description, Does.Contain("no MongoDB server answered"));
        Assert.That(result.Description, Does.Not.Contain("127.0.0.1"), "the public answer names no hosts");
    }
}
