using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Extensions.DependencyInjection;

namespace Ludmin.Consumer.Tests.Support;

/// <summary>
/// Ludmin as a consumer meets it: the real program on a fresh SQLite folder, optionally on a
/// real Kestrel port (a browser cannot reach the in-memory test server).
/// </summary>
/// <param name="settings">Settings of the test's own, over the common ones.</param>
public sealed class ConsumerFactory(IReadOnlyDictionary<string, string?>? settings = null) : WebApplicationFactory<Program>
{
    public const string SigningKey = "ludmin-consumer-tests-signing-key-0123456789-abcdef";

    public string DataDirectory { get; } = Directory.CreateTempSubdirectory("ludmin-consumer-").FullName;

    public string PickupDirectory => Path.Combine(DataDirectory, "reset-codes");

    /// <summary>Serves on a loopback port of its own; call before the first client is made.</summary>
    public Uri StartOnKestrel()
    {
        UseKestrel(0);
        StartServer();
        var addresses = Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses;
        return new Uri(addresses.First().Replace("[::]", "127.0.0.1", StringComparison.Ordinal).Replace("0.0.0.0", "127.0.0.1", StringComparison.Ordinal));
    }

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        builder.UseEnvironment("Testing");
        builder.UseSetting("Ludmin:DataDirectory", DataDirectory);
        builder.UseSetting("Ludmin:Tokens:SigningKey", SigningKey);
        builder.UseSetting("Ludmin:SecondFactor:EncryptionKey", "bHVkbWluLWNvbnN1bWVyLXRlc3RzLXNlY29uZC1mYWM=");
        builder.UseSetting("Ludmin:Tokens:PublicBaseUrl", "http://localhost");
        builder.UseSetting("Ludmin:Passwords:Argon2:MemoryKiB", "1024");
        builder.UseSetting("Ludmin:Passwords:Argon2:Iterations", "1");
        builder.UseSetting("Ludmin:ResetCodes:Delivery", "PickupDirectory");
        foreach (var (key, value) in settings ?? new Dictionary<string, string?>())
        {
            builder.UseSetting(key, value);
        }
    }

    protected override void Dispose(bool disposing)
    {
        base.Dispose(disposing);
        if (disposing && Directory.Exists(DataDirectory))
        {
            Directory.Delete(DataDirectory, recursive: true);
        }
    }

    /// <summary>The code most recently delivered to <paramref name="email"/>, waiting briefly for its file.</summary>
    public async Task<string> ResetCodeForAsync(string email)
    {
        for (var attempt = 0; attempt < 100; attempt++)
        {
            if (Directory.Exists(PickupDirectory))
            {
                foreach (var file in Directory.GetFiles(PickupDirectory, "*.json").OrderByDescending(File.GetLastWriteTimeUtc))
                {
                    using var json = System.Text.Json.JsonDocument.Parse(await File.ReadAllTextAsync(file));
                    if (string.Equals(json.RootElement.GetProperty("email").GetString(), email, StringComparison.OrdinalIgnoreCase))
                    {
                        return json.RootElement.GetProperty("code").GetString()!;
                    }
                }
            }

            await Task.Delay(50);
        }

        throw new AssertionException($"No reset code was delivered for {email}.");
    }
}
