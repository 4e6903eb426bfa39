using Ludmin.Domain.LoginThrottles;
using Ludmin.Domain.PasswordResets;
using Ludmin.Domain.Users;
using Ludmin.Infrastructure;
using Ludmin.Infrastructure.Storage;
using Ludmin.Infrastructure.Storage.Mongo;
using Ludmin.Infrastructure.Storage.Sqlite;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Hosting.Internal;
using Microsoft.Extensions.Options;

namespace Ludmin.Storage.Tests;

/// <summary>Ludmin:Storage:Provider picks the adapter when the services are resolved, not when they are registered.</summary>
public sealed class StorageRegistrationTests
{
    private string _folder = null!;

    [SetUp]
    public void CreateFolder() => _folder = Directory.CreateTempSubdirectory("ludmin-registration-").FullName;

    [TearDown]
    public void DeleteFolder() => Directory.Delete(_folder, recursive: true);

    [Test]
    public void Resolve_ByDefault_GivesTheSqliteAdapter()
    {
        using var services = Build([]);

        Assert.That(services.GetRequiredService<IUserRepository>(), Is.TypeOf<SqliteUserRepository>());
        Assert.That(services.GetRequiredService<IPasswordResetRepository>(), Is.TypeOf<SqlitePasswordResetRepository>());
        Assert.That(services.GetRequiredService<ILoginThrottleRepository>(), Is.TypeOf<SqliteLoginThrottleRepository>());
        Assert.That(services.GetRequiredService<IStoreInitializer>(), Is.TypeOf<SqliteDatabase>());
        Assert.That(StoreCheck(services), Is.TypeOf<SqliteHealthCheck>());
    }

    [Test]
    public void Resolve_WhenProviderIsMongo_GivesTheMongoAdapterAndItsReadinessCheck()
    {
        using var services = Build(new()
        {
            ["Ludmin:Storage:Provider"] = "Mongo",
            ["Ludmin:Storage:Mongo:ConnectionString"] = "mongodb://db.example:27017",
            ["Ludmin:Storage:Mongo:Database"] = "ludmin_prod",
        });

        Assert.That(services.GetRequiredService<IUserRepository>(), Is.TypeOf<MongoUserRepository>());
        Assert.That(services.GetRequiredService<IPasswordResetRepository>(), Is.TypeOf<MongoPasswordResetRepository>());
        Assert.That(services.GetRequiredService<ILoginThrottleRepository>(), Is.TypeOf<MongoLoginThrottleRepository>());
        var store = services.GetRequiredService<IStoreInitializer>();
        Assert.That(store, Is.TypeOf<MongoStore>());
        Assert.That(((MongoStore)store).Database.DatabaseNamespace.DatabaseName, Is.EqualTo("ludmin_prod"));
        Assert.That(StoreCheck(services), Is.TypeOf<MongoHealthCheck>());
    }

    [Test]
    public void Resolve_WhenProviderIsMongoWithoutConnectionString_FailsNamingTheSetting()
    {
        using var services = Build(new() { ["Ludmin:Storage:Provider"] = "Mongo" });

        var error = Assert.Throws<OptionsValidationException>(() => services.GetRequiredService<IUserRepository>());

        Assert.That(error!.Message, Does.Contain("Ludmin:Storage:Mongo:ConnectionString"));
    }

    [Test]
    public void Registration_HasOneStoreCheckTaggedReady()
    {
        using var services = Build([]);

        var registration = services.GetRequiredService<IOptions<HealthCheckServiceOptions>>().Value.Registrations.Single(r => r.Name == "store");

        Assert.That(registration.Tags, Does.Contain("ready"));
    }

    private static IHealthCheck StoreCheck(ServiceProvider services) =>
        services.GetRequiredService<IOptions<HealthCheckServiceOptions>>().Value.Registrations.Single(r => r.Name == "store").Factory(services);

    private ServiceProvider Build(Dictionary<string, string?> settings)
    {
        var services = new ServiceCollection();
        services.AddLogging();
        services.AddInfrastructure();

        // Configuration arrives after the registration, as a test host's would.
        services.AddSingleton<IConfiguration>(new ConfigurationBuilder().AddInMemoryCollection(settings).Build());
        services.AddSingleton<IHostEnvironment>(new HostingEnvironment { ContentRootPath = _folder, EnvironmentName = "Testing" });
        return services.BuildServiceProvider();
    }
}
