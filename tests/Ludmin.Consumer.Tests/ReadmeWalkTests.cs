using System.Diagnostics;
using Ludmin.Consumer.Tests.Support;

namespace Ludmin.Consumer.Tests;

/// <summary>
/// The README's walk, the shell block a new user copies first, run as written against a running
/// API, twice in a row: it must go through both times (a fresh address each run), and stop with
/// the problem it got at the first step that fails. Needs bash, curl and jq (.ci/install).
/// </summary>
[NonParallelizable]
public sealed class ReadmeWalkTests
{
    private const string Marker = "<!-- readme-walk:";

    [Test]
    public async Task ReadmeWalk_RunTwiceInARow_GoesThroughBothTimes()
    {
        RequireTools();
        using var factory = new ConsumerFactory();
        var api = factory.StartOnKestrel();
        var script = await WalkAsync();

        for (var run = 1; run <= 2; run++)
        {
            var (exit, output) = await RunAsync(script, api, factory.PickupDirectory);

            Assert.That(exit, Is.Zero, $"run {run}:\n{output}");
            Assert.That(output, Does.Contain("The walk went through."), $"run {run}:\n{output}");
            Assert.That(output, Does.Contain("POST /users -> 201").And.Contain("PUT /users/reset -> 204"), "each answer is shown");
        }
    }

    [Test]
    public async Task ReadmeWalk_WhenAStepFails_StopsThereShowingTheProblem()
    {
        RequireTools();
        using var factory = new ConsumerFactory();
        var api = factory.StartOnKestrel();
        var script = (await WalkAsync()).Replace("\"password\\\":\\\"correct horse\\\",\\\"description", "\"password\\\":\\\"wrong horse\\\",\\\"description", StringComparison.Ordinal);
        Assert.That(script, Does.Contain("wrong horse"), "the login step was found to break");

        var (exit, output) = await RunAsync(script, api, factory.PickupDirectory);

        Assert.That(exit, Is.Not.Zero);
        Assert.That(output, Does.Contain("POST /tokens -> 401").And.Contain("invalid_credentials").And.Contain("expected 201: stopping here"));
        Assert.That(output, Does.Not.Contain("GET /users/me"), "nothing runs after the failing step");
    }

    [Test]
    public async Task ReadmeWalk_WhenALimitRefusesAStep_PrintsHowLongToWait()
    {
        RequireTools();
        using var factory = new ConsumerFactory(new Dictionary<string, string?> { ["Ludmin:RateLimits:Registrations:PermitLimit"] = "1" });
        var api = factory.StartOnKestrel();
        var script = await WalkAsync();
        var (first, firstOutput) = await RunAsync(script, api, factory.PickupDirectory);
        Assert.That(first, Is.Zero, firstOutput);

        var (exit, output) = await RunAsync(script, api, factory.PickupDirectory);

        Assert.That(exit, Is.Not.Zero);
        Assert.That(output, Does.Contain("POST /users -> 429").And.Contain("rate_limited").And.Contain("expected 201: stopping here"));
        Assert.That(output, Does.Match(@"Retry-After: [1-9][0-9]* \(seconds to wait before trying again\)"));
    }

    private static async Task<string> WalkAsync()
    {
        var readme = await File.ReadAllTextAsync(Path.Combine(Repository.Root, "README.md"));
        var marker = readme.IndexOf(Marker, StringComparison.Ordinal);
        Assert.That(marker, Is.GreaterThan(0), "the README marks its walk");
        var start = readme.IndexOf("```sh\n", marker, StringComparison.Ordinal) + "```sh\n".Length;
        var end = readme.IndexOf("\n```", start, StringComparison.Ordinal);
        return readme[start..end];
    }

    private static void RequireTools()
    {
        var missing = new[] { "bash", "curl", "jq" }.Where(tool => !(Environment.GetEnvironmentVariable("PATH") ?? "")
            .Split(Path.PathSeparator).Any(directory => File.Exists(Path.Combine(directory, tool)))).ToList();
        if (missing.Count > 0)
        {
            Assert.Ignore($"The README walk needs {string.Join(", ", missing)}: run .ci/install.");
        }
    }

    private static async Task<(int Exit, string Output)> RunAsync(string script, Uri api, string pickup)
    {
        var start = new ProcessStartInfo("bash") { RedirectStandardInput = true, RedirectStandardOutput = true, RedirectStandardError = true, WorkingDirectory = Repository.Root };
        start.Environment["API"] = api.ToString().TrimEnd('/');
        start.Environment["PICKUP"] = pickup;
        using var process = Process.Start(start)!;
        await process.StandardInput.WriteAsync(script);
        process.StandardInput.Close();
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(2));
        await process.WaitForExitAsync(timeout.Token);
        return (process.ExitCode, await stderr + await stdout);
    }
}
