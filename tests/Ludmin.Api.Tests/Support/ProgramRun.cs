namespace Ludmin.Api.Tests.Support;

/// <summary>
/// Runs the Api program's entry point with a command line and settings as environment
/// variables (process-wide: callers must not run beside each other), capturing what it prints.
/// </summary>
public static class ProgramRun
{
    /// <summary>The program against a test server's data folder, with its signing key and environment.</summary>
    public static Task<(int ExitCode, string Output)> RunProgramAsync(LudminFactory factory, IReadOnlyDictionary<string, string?> environment, params string[] args) =>
        RunAsync(
            new Dictionary<string, string?>(environment)
            {
                ["ASPNETCORE_ENVIRONMENT"] = LudminFactory.EnvironmentName,
                ["Ludmin__DataDirectory"] = factory.DataDirectory,
                ["Ludmin__Tokens__SigningKey"] = TestTokens.SigningKey,
                ["Logging__LogLevel__Default"] = "Warning",
            },
            args);

    public static async Task<(int ExitCode, string Output)> RunAsync(IReadOnlyDictionary<string, string?> settings, params string[] args)
    {
        var saved = settings.Keys.ToDictionary(k => k, Environment.GetEnvironmentVariable);
        var (stdout, stderr) = (Console.Out, Console.Error);
        using var output = new StringWriter();
        try
        {
            foreach (var (name, value) in settings)
            {
                Environment.SetEnvironmentVariable(name, value);
            }

            Console.SetOut(output);
            Console.SetError(output);
            var entryPoint = typeof(Program).Assembly.EntryPoint ?? throw new InvalidOperationException("Ludmin.Api has no entry point.");

            // The compiler's Main waits for the async top-level code and returns its exit code.
            var exitCode = await Task.Run(() => (int)entryPoint.Invoke(null, [args])!);
            return (exitCode, output.ToString());
        }
        finally
        {
            Console.SetOut(stdout);
            Console.SetError(stderr);
            foreach (var (name, value) in saved)
            {
                Environment.SetEnvironmentVariable(name, value);
            }
        }
    }
}
