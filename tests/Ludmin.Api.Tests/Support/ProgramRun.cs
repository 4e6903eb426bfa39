namespace Ludmin.Api.Tests.Support;

/// <summary>
/// The Api program run with a command line against a test server's data folder. Its settings
/// are environment variables, which are process-wide: callers must be [NonParallelizable].
/// </summary>
public static class ProgramRun
{
    public static async Task<(int ExitCode, string Output)> RunProgramAsync(LudminFactory factory, IReadOnlyDictionary<string, string?> environment, params string[] args)
    {
        var settings = new Dictionary<string, string?>(environment)
        {
            ["ASPNETCORE_ENVIRONMENT"] = LudminFactory.EnvironmentName,
            ["Ludmin__DataDirectory"] = factory.DataDirectory,
            ["Ludmin__Tokens__SigningKey"] = TestTokens.SigningKey,
            ["Logging__LogLevel__Default"] = "Warning",
        };
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
