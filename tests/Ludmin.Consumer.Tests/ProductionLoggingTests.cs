using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using System.Text.Json;
using Ludmin.Consumer.Tests.Support;

namespace Ludmin.Consumer.Tests;

/// <summary>
/// What an operator sees: the program started as in production (its own process, its own
/// configuration files) writes one JSON object per log line, and every line written while
/// serving a request carries that request's id.
/// </summary>
public sealed class ProductionLoggingTests
{
    [Test]
    public async Task Production_LogsJsonLines_WithTheRequestIdOnEveryRequestLine()
    {
        var data = Directory.CreateTempSubdirectory("ludmin-production-").FullName;
        var port = FreePort();
        var lines = new List<string>();
        using var process = Start(data, port, lines);
        try
        {
            using var http = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{port}") };
            await WaitUntilServingAsync(http);
            using var missing = await http.GetAsync("/users/me");
            Assert.That(missing.StatusCode, Is.EqualTo(HttpStatusCode.Unauthorized));
        }
        finally
        {
            process.Kill(entireProcessTree: true);
            await process.WaitForExitAsync();
            Directory.Delete(data, recursive: true);
        }

        List<JsonElement> entries;
        lock (lines)
        {
            Assert.That(lines, Is.Not.Empty);
            entries = lines.Select(line => JsonDocument.Parse(line).RootElement.Clone()).ToList();
        }

        Assert.That(entries, Has.All.Matches<JsonElement>(e => e.TryGetProperty("Timestamp", out _) && e.TryGetProperty("LogLevel", out _) && e.TryGetProperty("Message", out _)));
        var requestLines = entries.Where(e => e.GetProperty("Category").GetString()!.StartsWith("Microsoft.AspNetCore.Hosting", StringComparison.Ordinal)
            || e.GetProperty("Category").GetString()!.StartsWith("Microsoft.AspNetCore.Authentication", StringComparison.Ordinal)).ToList();
        Assert.That(requestLines, Is.Not.Empty, "the request was logged");
        foreach (var entry in requestLines)
        {
            var scopes = entry.GetProperty("Scopes").EnumerateArray().ToList();
            Assert.That(scopes.Any(s => s.ValueKind == JsonValueKind.Object && s.TryGetProperty("RequestId", out var id) && id.GetString()!.Length > 0), Is.True, entry.ToString());
        }
    }

    private static Process Start(string dataDirectory, int port, List<string> lines)
    {
        var binaries = Path.GetDirectoryName(typeof(Program).Assembly.Location)!;
        var start = new ProcessStartInfo("dotnet", ["Ludmin.Api.dll"])
        {
            WorkingDirectory = binaries,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        start.Environment["LUDMIN_CONFIG"] = "production";
        start.Environment["ASPNETCORE_ENVIRONMENT"] = "";
        start.Environment["Urls"] = $"http://127.0.0.1:{port}";
        start.Environment["Ludmin__DataDirectory"] = dataDirectory;
        start.Environment["Ludmin__Tokens__SigningKey"] = ConsumerFactory.SigningKey;
        start.Environment["Ludmin__Tokens__PublicBaseUrl"] = $"http://127.0.0.1:{port}";
        start.Environment["Logging__LogLevel__Default"] = "Information";
        start.Environment["Logging__LogLevel__Microsoft.AspNetCore"] = "Information";
        var process = Process.Start(start)!;
        process.OutputDataReceived += (_, e) =>
        {
            if (!string.IsNullOrWhiteSpace(e.Data))
            {
                lock (lines)
                {
                    lines.Add(e.Data);
                }
            }
        };
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        return process;
    }

    private static async Task WaitUntilServingAsync(HttpClient http)
    {
        for (var attempt = 0; attempt < 200; attempt++)
        {
            try
            {
                using var live = await http.GetAsync("/health/live");
                if (live.IsSuccessStatusCode)
                {
                    return;
                }
            }
            catch (HttpRequestException)
            {
                // not listening yet
            }

            await Task.Delay(100);
        }

        Assert.Fail("The production process did not start serving.");
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
