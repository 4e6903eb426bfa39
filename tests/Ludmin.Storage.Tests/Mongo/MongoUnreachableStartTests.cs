using System.Net;
using System.Net.Sockets;
using Ludmin.Application;
using Ludmin.Infrastructure;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Hosting.Internal;

namespace Ludmin.Storage.Tests.Mongo;

/// <summary>With Provider=Mongo and no server answering, the start tasks complete and readiness says why it is not ready.</summary>
public sealed class MongoUnreachableStartTests
{
    private string _folder = null!;
    private ServiceProvider _services = null!;

    [SetUp]
    public void BuildServices()
    {
        _folder = Directory.CreateTempSubdirectory("ludmin-mongo-start-").FullName;
        using var probe = new TcpListener(IPAddress.Loopback, 0);
        probe.Start();
        var port = ((IPEndPoint)probe.LocalEndpoint).Port;
        probe.Stop();

        var services = new ServiceCollection();
        services.AddLogging();
        services.AddApplication();
        services.AddInfrastructure();
        services.AddSingleton<IConfiguration>(new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["Ludmin:Storage:Provider"] = "Mongo",
            ["Ludmin:Storage:Mongo:ConnectionString"] = $"mongodb://127.0.0.1:{port}/?serverSelectionTimeoutMS=200&connectTimeoutMS=200",
            ["Ludmin:Bootstrap:MasterEmail"] = "master@example.com",
            ["Ludmin:Bootstrap:MasterPassword"] = "a long enough master password",
            ["Ludmin:Passwords:Argon2:MemoryKiB"] = "64",
            ["Ludmin:Passwords:Argon2:Iterations"] = "1",
        }).Build());
        services.AddSingleton<IHostEnvironment>(new HostingEnvironment { ContentRootPath = _folder, EnvironmentName = Environments.Development });
        _services = services.BuildServiceProvider();
    }

    [TearDown]
    public async Task DisposeServices()
    {
        await _services.DisposeAsync();
        Directory.Delete(_folder, recursive: true);
    }

    [Test]
    public async Task Start_WithABootstrapMasterAndNoServer_CompletesAndLeavesTheMasterForLater()
    {
        var hosted = _services.GetServices<IHostedService>().ToList();

        foreach (var service in hosted)
        {
            await service.StartAsync(CancellationToken.None);
        }

        var health = _services.GetRequiredService<HealthCheckService>();
        var report = await health.CheckHealthAsync(c => c.Tags.Contains("ready"));
        Assert.That(report.Status, Is.EqualTo(HealthStatus.Unhealthy));
        for (var attempt = 0; attempt < 600 && !report.Entries["store"].Description!.Contains("no MongoDB server answered", StringComparison.Ordinal); attempt++)
        {
            await Task.Delay(50);
            report = await health.CheckHealthAsync(c => c.Tags.Contains("ready"));
        }

        Assert.That(report.Status, Is.EqualTo(HealthStatus.Unhealthy));
        Assert.That(report.Entries["store"].Description, Does.Contain("no MongoDB server answered"));

        foreach (var service in hosted)
        {
            await service.StopAsync(CancellationToken.None);
        }
    }
}
