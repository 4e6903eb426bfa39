using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.DependencyInjection;

namespace Ludmin.Api.Tests.Support;

/// <summary>
/// The real Ludmin pipeline in process, against a real SQLite file in a temporary folder of
/// its own, with the test signing key, cheap Argon2 (unless the defaults are asked for), the
/// pickup-directory delivery and the Testing environment (which never generates a key).
/// </summary>
public sealed class LudminFactory(LudminFactoryOptions? options = null) : WebApplicationFactory<Program>
{
    /// <summary>The Testing environment, as LUDMIN_CONFIG=testing names it.</summary>
    public const string EnvironmentName = "Testing";

    private readonly LudminFactoryOptions _options = options ?? new LudminFactoryOptions();
    private HttpClient? _api;

    public string DataDirectory { get; } =
        Path.Combine(Path.GetTempPath(), "ludmin-api-tests", Guid.NewGuid().ToString("N"));

    public string DatabasePath => Path.Combine(DataDirectory, "ludmin.db");

    public string PickupDirectory => Path.Combine(DataDirectory, "reset-codes");

    /// <summary>A client for the in-process server whose every answer passes <see cref="ResponseGuard"/>.</summary>
    public HttpClient Api => _api ??= CreateDefaultClient(new ResponseGuard());

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        Directory.CreateDirectory(DataDirectory);
        builder.UseEnvironment(EnvironmentName);
        builder.UseSetting("Ludmin:DataDirectory", DataDirectory);
        builder.UseSetting("Ludmin:Tokens:SigningKey", TestTokens.SigningKey);
        builder.UseSetting("Ludmin:ResetCodes:Delivery", "PickupDirectory");
        builder.UseSetting("Ludmin:ResetCodes:PickupDirectory", "reset-codes");
        builder.UseSetting("Logging:LogLevel:Default", "Warning");
        builder.UseSetting("Ludmin:RateLimits:Enabled", _options.RateLimits ? "true" : "false");
        if (!_options.DefaultArgon2)
        {
            builder.UseSetting("Ludmin:Passwords:Argon2:MemoryKiB", "1024");
            builder.UseSetting("Ludmin:Passwords:Argon2:Iterations", "1");
            builder.UseSetting("Ludmin:Passwords:Argon2:Parallelism", "1");
        }

        if (_options.MasterEmail is not null)
        {
            builder.UseSetting("Ludmin:Bootstrap:MasterEmail", _options.MasterEmail);
            builder.UseSetting("Ludmin:Bootstrap:MasterPassword", _options.MasterPassword);
        }

        if (_options.Clock is { } clock)
        {
            builder.ConfigureTestServices(services => services.AddSingleton(clock));
        }
    }

    /// <summary>Also runs at the end of DisposeAsync, after the host has stopped and closed the database.</summary>
    protected override void Dispose(bool disposing)
    {
        base.Dispose(disposing);
        if (disposing)
        {
            DeleteDataDirectory();
        }
    }

    private void DeleteDataDirectory()
    {
        if (Directory.Exists(DataDirectory))
        {
            Directory.Delete(DataDirectory, recursive: true);
        }
    }
}
