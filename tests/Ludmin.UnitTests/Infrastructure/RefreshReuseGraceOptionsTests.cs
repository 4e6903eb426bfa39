using Ludmin.Application.Common.Options;
using Ludmin.Infrastructure;
using Ludmin.Infrastructure.Tokens;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Hosting.Internal;
using Microsoft.Extensions.Options;

namespace Ludmin.UnitTests.Infrastructure;

/// <summary>
/// <c>Ludmin:Tokens:RefreshReuseGrace</c>: 30 s unless set, at most 5 minutes, and never shorter
/// than the configured store's deadline plus 5 s (a refresh stored but answered 503 is retried
/// after that long); handed to the application as it is.
/// </summary>
public sealed class RefreshReuseGraceOptionsTests
{
    [Test]
    public void Unset_IsThirtySeconds()
    {
        using var services = Build(null);

        Assert.That(services.GetRequiredService<IOptions<TokenOptions>>().Value.RefreshReuseGrace, Is.EqualTo(TimeSpan.FromSeconds(30)));
        Assert.That(services.GetRequiredService<RefreshRotationOptions>().ReuseGrace, Is.EqualTo(TimeSpan.FromSeconds(30)));
    }

    [TestCase("Sqlite")]
    [TestCase("Mongo")]
    [TestCase("Postgres")]
    public void Unset_WithEachStoreAtItsDefaults_Starts(string provider)
    {
        using var services = Build(null, Store(provider));

        Assert.That(services.GetRequiredService<IOptions<TokenOptions>>().Value.RefreshReuseGrace, Is.EqualTo(TimeSpan.FromSeconds(30)));
    }

    [TestCase("00:00:10", 10)]
    [TestCase("00:00:30", 30)]
    [TestCase("00:05:00", 300)]
    public void Set_WithinTheRange_ReachesTheApplication(string value, int seconds)
    {
        using var services = Build(value);

        Assert.That(services.GetRequiredService<RefreshRotationOptions>().ReuseGrace, Is.EqualTo(TimeSpan.FromSeconds(seconds)));
    }

    [TestCase("-00:00:01")]
    [TestCase("00:05:01")]
    [TestCase("1.00:00:00")]
    public void Set_OutsideTheRange_IsRefusedNamingTheSetting(string value)
    {
        using var services = Build(value);

        var error = Assert.Throws<OptionsValidationException>(() => _ = services.GetRequiredService<IOptions<TokenOptions>>().Value);

        Assert.That(error!.Message, Does.Contain("Ludmin:Tokens:RefreshReuseGrace"));
    }

    [Test]
    public void Sqlite_GraceShorterThanTheBusyTimeoutPlusFiveSeconds_IsRefusedNamingBoth()
    {
        AssertRefused(Build("00:00:09"), "SQLite's busy timeout");
        Assert.DoesNotThrow(() => _ = Build("00:00:10").GetRequiredService<IOptions<TokenOptions>>().Value);
    }

    [Test]
    public void Mongo_GraceShorterThanItsOperationTimeoutPlusFiveSeconds_IsRefusedNamingBoth()
    {
        var store = Store("Mongo");
        store["Ludmin:Storage:Mongo:OperationTimeout"] = "00:00:40";

        AssertRefused(Build("00:00:44", store), "Ludmin:Storage:Mongo:OperationTimeout");
        Assert.DoesNotThrow(() => _ = Build("00:00:45", store).GetRequiredService<IOptions<TokenOptions>>().Value);
    }

    [Test]
    public void Postgres_GraceShorterThanItsOperationTimeoutPlusFiveSeconds_IsRefusedNamingBoth()
    {
        var store = Store("Postgres");
        store["Ludmin:Storage:Postgres:OperationTimeout"] = "00:00:26";

        AssertRefused(Build(null, store), "Ludmin:Storage:Postgres:OperationTimeout");
        store["Ludmin:Storage:Postgres:OperationTimeout"] = "00:00:25";
        Assert.DoesNotThrow(() => _ = Build(null, store).GetRequiredService<IOptions<TokenOptions>>().Value);
    }

    private static void AssertRefused(ServiceProvider services, string storeSetting)
    {
        using (services)
        {
            var error = Assert.Throws<OptionsValidationException>(() => _ = services.GetRequiredService<IOptions<TokenOptions>>().Value);

            Assert.That(error!.Message, Does.Contain("Ludmin:Tokens:RefreshReuseGrace").And.Contain(storeSetting));
        }
    }

    private static Dictionary<string, string?> Store(string provider) => new()
    {
        ["Ludmin:Storage:Provider"] = provider,
        ["Ludmin:Storage:Mongo:ConnectionString"] = "mongodb://127.0.0.1:1",
        ["Ludmin:Storage:Postgres:ConnectionString"] = "Host=127.0.0.1;Port=1;Username=ludmin;Database=ludmin",
    };

    private static ServiceProvider Build(string? grace, Dictionary<string, string?>? store = null)
    {
        var services = new ServiceCollection();
        services.AddLogging();
        services.AddInfrastructure();
        var settings = new Dictionary<string, string?>(store ?? []);
        if (grace is not null)
        {
            settings["Ludmin:Tokens:RefreshReuseGrace"] = grace;
        }

        services.AddSingleton<IConfiguration>(new ConfigurationBuilder().AddInMemoryCollection(settings).Build());
        services.AddSingleton<IHostEnvironment>(new HostingEnvironment { ContentRootPath = Path.GetTempPath(), EnvironmentName = "Testing" });
        return services.BuildServiceProvider();
    }
}
