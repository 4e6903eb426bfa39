using System.ComponentModel;
using System.Globalization;
using Ludmin.Application.Users.ImportUsers;
using Ludmin.Domain.Common;
using Ludmin.Infrastructure.Storage.Importing;
using Spectre.Console;
using Spectre.Console.Cli;

namespace Ludmin.Api.Hosting.CommandLine;

/// <summary>
/// <c>import-users &lt;file&gt; [--batch-size N]</c>: users of another system, one JSON object a line
/// (the fields of <c>POST /users/import</c>), from a file or standard input (<c>-</c>), straight
/// into the configured store a batch at a time, with a progress bar and a summary. Idempotent and
/// resumable: a user whose address is there is skipped as <c>exists</c>. Safe beside the API on
/// the same store: each batch is one short write the store serializes with the API's own.
/// Exit code 0 when every line was created or already there, 1 when some were invalid (listed on
/// standard error by line number, never with their hash) or the store failed.
/// </summary>
internal sealed class ImportUsersCommand(IServiceProvider services) : AsyncCommand<ImportUsersCommand.Settings>
{
    public const string Name = "import-users";
    public const string Usage = "import-users <file|-> [--batch-size N]";

    /// <summary>What the command line's "-" reaches this command as (<see cref="ProgramCommands"/>).</summary>
    public const string StandardInput = "<standard input>";

    public sealed class Settings : CommandSettings
    {
        [CommandArgument(0, "<file>")]
        [Description("The JSON Lines file to import, or - for standard input.")]
        public string File { get; init; } = "";

        [CommandOption("--batch-size <N>")]
        [Description("Users written in one store transaction, 1 to 10000 (default 5000).")]
        public int BatchSize { get; init; } = JsonLinesImport.DefaultBatchSize;

        public override ValidationResult Validate() =>
            BatchSize is < 1 or > JsonLinesImport.MaxBatchSize
                ? ValidationResult.Error($"--batch-size must be 1 to {JsonLinesImport.MaxBatchSize}.")
                : File != StandardInput && !System.IO.File.Exists(File)
                    ? ValidationResult.Error($"No file {File}.")
                    : ValidationResult.Success();
    }

    public override async Task<int> ExecuteAsync(CommandContext context, Settings settings, CancellationToken cancellationToken)
    {
        var console = AnsiConsole.Create(new AnsiConsoleSettings { Out = new AnsiConsoleOutput(Console.Out) });
        using var file = settings.File == StandardInput ? null : new StreamReader(settings.File);
        var input = file ?? Console.In;
        long? totalBytes = settings.File == StandardInput ? null : new FileInfo(settings.File).Length;
        UserImportReport report;
        try
        {
            report = await console.Progress()
                .Columns(new TaskDescriptionColumn(), new ProgressBarColumn(), new PercentageColumn(), new RemainingTimeColumn(), new ElapsedTimeColumn())
                .StartAsync(progress => RunAsync(progress, input, totalBytes, settings.BatchSize));
        }
        catch (DomainException ex)
        {
            await Console.Error.WriteLineAsync($"Stopped: {ex.Message} Run the same command again to go on: the users imported so far are skipped.");
            return 1;
        }

        Console.WriteLine(
            string.Create(CultureInfo.InvariantCulture, $"Done in {report.Elapsed.TotalSeconds:F1} s: {report.Lines} users read, {report.Created} created, ")
            + string.Create(CultureInfo.InvariantCulture, $"{report.Existing} already there, {report.Invalid} invalid")
            + (report.Invalid == 0 ? "." : " (" + string.Join(", ", report.InvalidByCode.Select(c => $"{c.Key}: {c.Value}")) + ").")
            + string.Create(CultureInfo.InvariantCulture, $" {report.Lines / Math.Max(report.Elapsed.TotalSeconds, 0.001):F0} users/s."));
        return report.Invalid == 0 ? 0 : 1;
    }

    private async Task<UserImportReport> RunAsync(ProgressContext progress, TextReader input, long? totalBytes, int batchSize)
    {
        var task = progress.AddTask("Importing", maxValue: totalBytes ?? 1);
        task.IsIndeterminate = totalBytes is null;
        var started = DateTime.UtcNow;
        var report = await JsonLinesImport.RunAsync(
            services,
            input,
            batchSize,
            new SynchronousProgress(done =>
            {
                var seconds = Math.Max((DateTime.UtcNow - started).TotalSeconds, 0.001);
                task.Description = string.Create(CultureInfo.InvariantCulture, $"{done.UsersDone} users, {done.UsersDone / seconds:F0}/s");
                if (totalBytes is not null)
                {
                    task.Value = Math.Min(done.BytesRead, totalBytes.Value);
                }
            }),
            ReportInvalid,
            CancellationToken.None);
        task.Value = task.MaxValue;
        task.StopTask();
        return report;
    }

    private static void ReportInvalid(long line, ImportUserResult result) =>
        Console.Error.WriteLine(string.Create(
            CultureInfo.InvariantCulture,
            $"line {line}: {result.Code}{(result.Field is null ? "" : $" ({result.Field})")}{(result.Email.Length == 0 ? "" : $" {result.Email}")}"));

    /// <summary>Reports on the importing thread itself: <see cref="Progress{T}"/> would post to a thread pool and report out of order.</summary>
    private sealed class SynchronousProgress(Action<UserImportProgress> report) : IProgress<UserImportProgress>
    {
        public void Report(UserImportProgress value) => report(value);
    }
}
