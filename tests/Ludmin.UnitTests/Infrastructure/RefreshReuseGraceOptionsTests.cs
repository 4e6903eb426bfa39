using Ludmin.Application.Common.Options;
using Ludmin.Infrastructure;
using Ludmin.Infrastructure.Tokens;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Hosting.Internal;
using Microsoft.Extensions.Options;

namespace Ludmin.UnitTests.Infrastructure;

/// <summary><c>Ludmin:Tokens:RefreshReuseGrace</c>: 10 s unless set, 0 to 5 minutes, handed to the application as it is.</summary>
public sealed class RefreshReuseGraceOptionsTests
{
    [Test]
    public void Unset_IsTenSeconds()
    {
        using var services = Build(null);

        Assert.That(services.GetRequiredService<IOptions<TokenOptions>>().Value.RefreshReuseGrace, Is.EqualTo(TimeSpan.FromSeconds(10)));
        Assert.That(services.GetRequiredService<RefreshRotationOptions>().ReuseGrace, Is.EqualTo(TimeSpan.FromSeconds(10)));
    }

    [TestCase("00:00:00", 0)]
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

    private static ServiceProvider Build(string? grace)
    {
        var services = new ServiceCollection();
        services.AddLogging();
        services.AddInfrastructure();
        var settings = new Dictionary<string, string?>();
        if (grace is not null)
        {
            settings["Ludmin:Tokens:RefreshReuseGrace"] = grace;
        }

        services.AddSingleton<IConfiguration>(new ConfigurationBuilder().AddInMemoryCollection(settings).Build());
        services.AddSingleton<IHostEnvironment>(new HostingEnvironment { ContentRootPath = Path.GetTempPath(), EnvironmentName = "Testing" });
        return services.BuildServiceProvider();
    }
}
