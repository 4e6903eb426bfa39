using System.Diagnostics;
using Ludmin.Consumer.Tests.Support;

namespace Ludmin.Consumer.Tests;

/// <summary>
/// Redocly CLI (pinned in tools/redocly, installed by .ci/install) lints the checked-in
/// docs/openapi.json with its recommended rules: not one error, not one warning. Without
/// node and npm the test is skipped with the reason, unless <c>LUDMIN_REQUIRE_REDOCLY=1</c>
/// (CI sets it), which makes their absence a failure.
/// </summary>
public sealed class OpenApiLintTests
{
    public const string RequireVariable = "LUDMIN_REQUIRE_REDOCLY";

    private static string ToolDirectory => Path.Combine(Repository.Root, "tools", "redocly");

    private static string Cli => Path.Combine(ToolDirectory, "node_modules", "@redocly", "cli", "bin", "cli.js");

    [Test]
    public async Task CheckedInDocument_PassesRedoclyRecommendedRules_WithNoWarning()
    {
        await EnsureInstalledAsync();

        var (exit, output) = await RunAsync("node", ToolDirectory, Cli, "lint", Repository.OpenApiDocument, "--extends=recommended", "--format=stylish");

        Assert.That(exit, Is.Zero, output);
        Assert.That(output, Does.Not.Match(@"\b(error|warning)\b\s+[a-z0-9-]+\s"), output);
        Assert.That(output, Does.Contain("Your API description is valid"), output);
        Assert.That(output, Does.Not.Contain("You have"), output);
    }

    private static async Task EnsureInstalledAsync()
    {
        if (!OnPath("node") || !OnPath("npm"))
        {
            var reason = "node and npm are not installed: run .ci/install (Redocly CLI needs Node.js 20.19 or later).";
            if (Environment.GetEnvironmentVariable(RequireVariable) == "1")
            {
                Assert.Fail(reason);
            }

            Assert.Ignore(reason);
        }

        if (!File.Exists(Cli))
        {
            // The pinned version from tools/redocly/package-lock.json, as .ci/install would.
            var (exit, output) = await RunAsync("npm", ToolDirectory, "ci", "--no-audit", "--no-fund");
            Assert.That(exit, Is.Zero, $"npm ci in tools/redocly failed:\n{output}");
        }
    }

    private static bool OnPath(string command) =>
        (Environment.GetEnvironmentVariable("PATH") ?? "").Split(Path.PathSeparator)
            .Any(directory => File.Exists(Path.Combine(directory, command)));

    private static async Task<(int Exit, string Output)> RunAsync(string command, string directory, params string[] arguments)
    {
        var start = new ProcessStartInfo(command)
        {
            WorkingDirectory = directory,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        // No colours, no update check or telemetry call from the test run.
        start.Environment["NO_COLOR"] = "1";
        start.Environment["REDOCLY_TELEMETRY"] = "off";
        start.Environment["REDOCLY_SUPPRESS_UPDATE_NOTICE"] = "true";
        using var process = Process.Start(start) ?? throw new InvalidOperationException($"{command} did not start.");
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(5));
        await process.WaitForExitAsync(timeout.Token);
        return (process.ExitCode, await stdout + await stderr);
    }
}
