using DnsClient;
using Ludmin.Application;
using Ludmin.Domain.Common;
using Ludmin.Domain.Users;
using Ludmin.Infrastructure;
using Ludmin.Infrastructure.Storage;
using Ludmin.Infrastructure.Storage.Copying;
using Ludmin.Infrastructure.Storage.Mongo;
using Ludmin.Infrastructure.Storage.Sqlite;
using Ludmin.Storage.Tests.Contract;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Hosting.Internal;
using Microsoft.Extensions.Logging.Abstractions;

namespace Ludmin.Storage.Tests.Mongo;

/// <summary>
/// A <c>mongodb+srv</c> string whose DNS fails: the driver reads its TXT record while the
/// client is made, and throws. The start must not stop, readiness must say why, the store must
/// recover once DNS answers, and copy-store must say so in one line.
/// </summary>
public sealed class MongoSrvTests
{
    private const string SrvString = "mongodb+srv://cluster0.ludmin.invalid/";
    private const string ResolverAddress = "192.0.2.53";
    private static readonly TimeSpan Guard = TimeSpan.FromSeconds(90);

    private string _folder = null!;
    private volatile bool _dnsWorks;
    private int _attempts;

    [SetUp]
    public void CreateFolder() => _folder = Directory.CreateTempSubdirectory("ludmin-mongo-srv-").FullName;

    [TearDown]
    public void DeleteFolder() => Directory.Delete(_folder, recursive: true);

    [Test]
    public async Task Start_WhenSrvDnsFails_CompletesReportsNotReadyWithTheReasonAndRecoversOnceDnsAnswers()
    {
        await using var server = new FakeMongoServer();
        await using var services = Build(Factory(server));
        var hosted = services.GetServices<IHostedService>().ToList();

        foreach (var service in hosted)
        {
            await service.StartAsync(CancellationToken.None).WaitAsync(Guard);
        }

        var health = services.GetRequiredService<HealthCheckService>();
        var report = await WaitForAsync(health, r => r.Entries["store"].Description!.Contains("DNS", StringComparison.Ordinal));
        Assert.That(report.Status, Is.EqualTo(HealthStatus.Unhealthy));
        Assert.That(report.Entries["store"].Description, Is.EqualTo("MongoDB indexes are not in place yet: the DNS records of the mongodb+srv name could not be resolved."));
        Assert.That(report.Entries["store"].Description, Does.Not.Contain(ResolverAddress), "the public answer names no hosts");
        var refused = Assert.ThrowsAsync<DomainException>(() => services.GetRequiredService<IUserRepository>().FindByIdAsync(UserId.New(), CancellationToken.None));
        Assert.That(refused!.Error, Is.EqualTo(Errors.StoreUnavailable));

        _dnsWorks = true;
        report = await WaitForAsync(health, r => r.Status == HealthStatus.Healthy);

        Assert.That(report.Status, Is.EqualTo(HealthStatus.Healthy), report.Entries["store"].Description);
        Assert.That(await services.GetRequiredService<IUserRepository>().FindByIdAsync(UserId.New(), CancellationToken.None), Is.Null);
        Assert.That(_attempts, Is.GreaterThanOrEqualTo(2), "the client was made again after the failed lookup");
        foreach (var service in hosted)
        {
            await service.StopAsync(CancellationToken.None);
        }
    }

    [Test]
    public async Task Connect_ToAnSrvNameUnderTheInvalidDomain_ReturnsAtOnceAndFailsAsUnavailable()
    {
        // The real driver and this machine's resolver: the name cannot exist, whatever DNS answers.
        using var store = MongoStore.Connect(SrvString, "ludmin", TimeProvider.System, NullLogger<MongoStore>.Instance, TimeSpan.FromSeconds(2));

        var initializing = ((IStoreInitializer)store).InitializeAsync(CancellationToken.None);
        Assert.That(initializing.IsCompletedSuccessfully, Is.True, "no DNS on the start path");

        var failure = Assert.CatchAsync(() => store.EnsureIndexesAsync(CancellationToken.None).WaitAsync(Guard));
        Assert.That(MongoErrors.IsUnavailable(failure!), Is.True, failure!.GetType().Name);
        Assert.That(store.NotReadyReason, Does.StartWith("MongoDB indexes are not in place yet: ").And.Contain("mongodb+srv"), "the reason names the lookup that failed");
    }

    [Test]
    public async Task CopyStore_WhenSrvDnsFails_StopsWithOneLineThatSaysWhy()
    {
        await using var services = Build(Factory(server: null), provider: "Sqlite");
        await new SqliteUserRepository(services.GetRequiredService<SqliteDatabase>()).AddAsync(Users.New(), CancellationToken.None);

        var error = Assert.ThrowsAsync<InvalidOperationException>(() => StoreCopy.SqliteToMongoAsync(services, SrvString, null, CancellationToken.None).WaitAsync(Guard));

        Assert.That(error!.Message, Is.EqualTo(
            "MongoDB is not usable: the DNS records of the mongodb+srv name could not be resolved. Nothing is lost: run the copy again once it is."));
        Assert.That(error.Message, Does.Not.Contain("\n"));
    }

    private static async Task<HealthReport> WaitForAsync(HealthCheckService health, Func<HealthReport, bool> condition)
    {
        var report = await health.CheckHealthAsync(c => c.Tags.Contains("ready"));
        for (var i = 0; i < 1800 && !condition(report); i++)
        {
            await Task.Delay(50);
            report = await health.CheckHealthAsync(c => c.Tags.Contains("ready"));
        }

        return report;
    }

    /// <summary>Fails as the driver does when no resolver answers, until <see cref="_dnsWorks"/>; then connects to the fake server.</summary>
    private MongoClientFactory Factory(FakeMongoServer? server) => (connectionString, timeout) =>
    {
        Interlocked.Increment(ref _attempts);
        Assert.That(connectionString, Is.EqualTo(SrvString));
        return _dnsWorks && server is not null
            ? MongoClients.Create(server.ConnectionString, timeout)
            : throw new DnsResponseException($"Query 4242 => _mongodb._tcp.cluster0.ludmin.invalid IN SRV on {ResolverAddress}:53 timed out or is a transient error.");
    };

    private ServiceProvider Build(MongoClientFactory factory, string provider = "Mongo")
    {
        var services = new ServiceCollection();
        services.AddLogging();
        services.AddApplication();
        services.AddInfrastructure();
        services.AddSingleton(factory);
        services.AddSingleton<IConfiguration>(new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["Ludmin:Storage:Provider"] = provider,
            ["Ludmin:Storage:Mongo:ConnectionString"] = SrvString,
            ["Ludmin:Passwords:Argon2:MemoryKiB"] = "64",
            ["Ludmin:Passwords:Argon2:Iterations"] = "1",
        }).Build());
        services.AddSingleton<IHostEnvironment>(new HostingEnvironment { ContentRootPath = _folder, EnvironmentName = Environments.Development });
        return services.BuildServiceProvider();
    }
}
