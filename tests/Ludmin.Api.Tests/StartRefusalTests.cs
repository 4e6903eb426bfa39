using System.Diagnostics;
using Ludmin.Api.Tests.Support;

namespace Ludmin.Api.Tests;

/// <summary>
/// The program refusing to start, as an operator meets it (its own process): the reason printed
/// and exit code 1, never the runtime's abort (SIGABRT, status 134) on an unhandled start exception.
/// </summary>
public sealed class StartRefusalTests
{
    [Test]
    public async Task Start_WithoutASigningKeyInProduction_PrintsTheMissingSettingAndExits1()
    {
        var (exitCode, output) = await StartInProductionAsync(new Dictionary<string, string>());

        Assert.That(exitCode, Is.EqualTo(1), output);
        Assert.That(output, Does.Contain("Ludmin did not start: ").And.Contain("Ludmin:Tokens:Keys is not set"));
    }

    [Test]
    public async Task Start_WithoutAPublicBaseUrlInProduction_PrintsTheMissingSettingAndExits1()
    {
        var (exitCode, output) = await StartInProductionAsync(new Dictionary<string, string> { ["Ludmin__Tokens__SigningKey"] = TestTokens.SigningKey });

        Assert.That(exitCode, Is.EqualTo(1), output);
        Assert.That(output, Does.Contain("Ludmin did not start: ").And.Contain("Ludmin:Tokens:PublicBaseUrl is not set"));
    }

    /// <summary>The program in Production with only <paramref name="tokens"/> of the token settings; it must stop by itself.</summary>
    private static async Task<(int ExitCode, string Output)> StartInProductionAsync(Dictionary<string, string> tokens)
    {
        var dataDirectory = Directory.CreateTempSubdirectory("ludmin-start-refusal-").FullName;
        try
        {
            var start = new ProcessStartInfo("dotnet", [Path.Combine(AppContext.BaseDirectory, "Ludmin.Api.dll")])
            {
                RedirectStandardOutput = true,
                RedirectStandardError = true,
                Environment =
                {
                    ["LUDMIN_CONFIG"] = "production",
                    ["ASPNETCORE_URLS"] = "http://127.0.0.1:0",
                    ["Ludmin__DataDirectory"] = dataDirectory,
                },
            };
            foreach (var inherited in start.Environment.Keys.Where(k => k.StartsWith("Ludmin__Tokens__", StringComparison.Ordinal)).ToList())
            {
                start.Environment.Remove(inherited);
            }

            foreach (var (name, value) in tokens)
            {
                start.Environment[name] = value;
            }

            using var process = Process.Start(start)!;
            var (stdout, stderr) = (process.StandardOutput.ReadToEndAsync(), process.StandardError.ReadToEndAsync());
            await process.WaitForExitAsync().WaitAsync(TimeSpan.FromMinutes(2));
            return (process.ExitCode, await stdout + await stderr);
        }
        finally
        {
            Directory.Delete(dataDirectory, recursive: true);
        }
    }
}
