using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace Ludmin.Api.Tests.Support;

/// <summary>
/// The real Ludmin pipeline in process, against a real SQLite file in a temporary folder of
/// its own, or a database of its own on the test PostgreSQL server (<paramref name="store"/>), or
/// another server's store (to play a second instance), with the test signing key, cheap
/// Argon2 (unless the defaults are asked for), the pickup-directory delivery and the Testing
/// environment (which never generates a key).
/// </summary>
public sealed class LudminFactory(LudminFactoryOptions? options = null, TestStore store = TestStore.Sqlite) : WebApplicationFactory<Program>
{
    /// <summary>The Testing environment, as LUDMIN_CONFIG=testing names it.</summary>
    public const string EnvironmentName = "Testing";

    private readonly LudminFactoryOptions _options = options ?? new LudminFactoryOptions();
    private HttpClient? _api;

    public string DataDirectory { get; } = options?.DataDirectory
        ?? Path.Combine(Path.GetTempPath(), "ludmin-api-tests", Guid.NewGuid().ToString("N"));

    public string DatabasePath => Path.Combine(DataDirectory, "ludmin.db");

    /// <summary>The server's PostgreSQL database, when it runs on one (null on SQLite).</summary>
    public string? PostgresConnectionString { get; } = options?.PostgresConnectionString
        ?? (store == TestStore.Postgres ? TestPostgres.CreateDatabase("ludmin_api") : null);

    public string PickupDirectory => Path.Combine(DataDirectory, "reset-codes");

    /// <summary>A client for the in-process server whose every answer passes <see cref="ResponseGuard"/>.</summary>
    public HttpClient Api => _api ??= CreateDefaultClient(new ResponseGuard());

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        Directory.CreateDirectory(DataDirectory);
        builder.UseEnvironment(_options.Environment);
        builder.UseSetting("Ludmin:DataDirectory", DataDirectory);
        builder.UseSetting("Ludmin:Tokens:SigningKey", TestTokens.SigningKey);
        builder.UseSetting("Ludmin:SecondFactor:EncryptionKey", TestTokens.SecondFactorKey);
        if (_options.Environment != Environments.Development)
        {
            // Required outside Development; the in-process server's own address, as the request would give it.
            builder.UseSetting("Ludmin:Tokens:PublicBaseUrl", "http://localhost");
        }

        builder.UseSetting("Ludmin:ResetCodes:Delivery", "PickupDirectory");
        builder.UseSetting("Ludmin:ResetCodes:PickupDirectory", "reset-codes");
        builder.UseSetting("Logging:LogLevel:Default", "Warning");
        builder.UseSetting("Ludmin:RateLimits:Enabled", _options.RateLimits ? "true" : "false");

        // A test host stops at once; every readiness call probes afresh. DrainTests sets its own.
        builder.UseSetting("Ludmin:Shutdown:Drain", "00:00:00");
        builder.UseSetting("Ludmin:Storage:Sqlite:ProbeInterval", "00:00:00");
        if (!_options.DefaultArgon2)
        {
            builder.UseSetting("Ludmin:Passwords:Argon2:MemoryKiB", "1024");
            builder.UseSetting("Ludmin:Passwords:Argon2:Iterations", "1");
            builder.UseSetting("Ludmin:Passwords:Argon2:Parallelism", "1");
        }

        if (_options.MaxConcurrentHashes is { } hashes)
        {
            builder.UseSetting("Ludmin:Passwords:MaxConcurrentHashes", hashes.ToString(System.Globalization.CultureInfo.InvariantCulture));
        }

        if (_options.HashQueueLength is { } queue)
        {
            builder.UseSetting("Ludmin:Passwords:HashQueueLength", queue.ToString(System.Globalization.CultureInfo.InvariantCulture));
        }

        if (_options.MaxHashWait is { } wait)
        {
            builder.UseSetting("Ludmin:Passwords:MaxHashWait", wait.ToString("c", System.Globalization.CultureInfo.InvariantCulture));
        }

        if (_options.CorsAllowedOrigins is { } origins)
        {
            for (var i = 0; i < origins.Count; i++)
            {
                builder.UseSetting($"Ludmin:Cors:AllowedOrigins:{i}", origins[i]);
            }
        }

        if (PostgresConnectionString is not null)
        {
            builder.UseSetting("Ludmin:Storage:Provider", "Postgres");
            builder.UseSetting("Ludmin:Storage:Postgres:ConnectionString", PostgresConnectionString);
        }

        if (_options.MasterEmail is not null)
        {
            builder.UseSetting("Ludmin:Bootstrap:MasterEmail", _options.MasterEmail);
            builder.UseSetting("Ludmin:Bootstrap:MasterPassword", _options.MasterPassword);
        }

        foreach (var (key, value) in _options.Settings)
        {
            builder.UseSetting(key, value);
        }

        builder.ConfigureTestServices(services =>
        {
            _options.Services?.Invoke(services);

            if (_options.Clock is { } clock)
            {
                services.AddSingleton(clock);
            }

            if (_options.ClientAddresses)
            {
                services.AddSingleton<IStartupFilter, ClientAddressStartupFilter>();
            }

            if (_options.Logs is { } logs)
            {
                // A rule for this provider alone outranks the configured levels (Microsoft.AspNetCore: Warning):
                // the capture sees every category from its own minimum, while the console stays quiet.
                services.AddSingleton<ILoggerProvider>(logs);
                services.AddLogging(logging => logging.AddFilter<LogCapture>(null, logs.MinimumLevel));
            }
        });
    }

    /// <summary>Also runs at the end of DisposeAsync, after the host has stopped and closed the database.</summary>
    protected override void Dispose(bool disposing)
    {
        base.Dispose(disposing);
        if (disposing && _options.DataDirectory is null)
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
