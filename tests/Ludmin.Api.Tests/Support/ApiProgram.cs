namespace Ludmin.Api.Tests.Support;

/// <summary>
/// Runs the Api program's entry point as a command line would, capturing what it prints. The
/// program reads its settings from environment variables, which are process-wide, so a class
/// using this must be [NonParallelizable].
/// </summary>
public static class ApiProgram
{
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
