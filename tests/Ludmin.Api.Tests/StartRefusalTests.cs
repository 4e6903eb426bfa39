using System.Diagnostics;

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

            using var process = Process.Start(start)!;
            var (stdout, stderr) = (process.StandardOutput.ReadToEndAsync(), process.StandardError.ReadToEndAsync());
            await process.WaitForExitAsync().WaitAsync(TimeSpan.FromMinutes(2));
            var output = await stdout + await stderr;

            Assert.That(process.ExitCode, Is.EqualTo(1), output);
            Assert.That(output, Does.Contain("Ludmin did not start: ").And.Contain("Ludmin:Tokens:Keys is not set"));
        }
        finally
        {
            Directory.Delete(dataDirectory, recursive: true);
        }
    }
}
