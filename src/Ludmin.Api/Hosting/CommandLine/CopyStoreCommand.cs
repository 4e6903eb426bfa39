using System.ComponentModel;
using Ludmin.Infrastructure.Storage.Copying;
using Spectre.Console;
using Spectre.Console.Cli;

namespace Ludmin.Api.Hosting.CommandLine;

/// <summary>
/// <c>copy-store --to-mongo &lt;connection string&gt;</c>: copies the embedded SQLite store into
/// MongoDB (docs/operations.md, "Moving from SQLite to MongoDB"). Exit code 0 only when the copy
/// finished and the counts of both stores agree.
/// </summary>
internal sealed class CopyStoreCommand(IServiceProvider services) : AsyncCommand<CopyStoreCommand.Settings>
{
    public const string Name = "copy-store";
    public const string Usage = "copy-store --to-mongo <connection string>";

    public sealed class Settings : CommandSettings
    {
        [CommandOption("--to-mongo <CONNECTION_STRING>")]
        [Description("The MongoDB to copy into (mongodb:// or mongodb+srv://).")]
        public string? ConnectionString { get; init; }

        /// <summary>
        /// Something that is no URI at all is a wrong argument (exit code 2), not a failed copy: the
        /// parser also hands over a word of its own when --to-mongo ends the line without a value.
        /// </summary>
        public override ValidationResult Validate() =>
            ConnectionString?.Contains("://", StringComparison.Ordinal) == true
                ? ValidationResult.Success()
                : ValidationResult.Error("--to-mongo needs a MongoDB connection string (mongodb://… or mongodb+srv://…).");
    }

    public override async Task<int> ExecuteAsync(CommandContext context, Settings settings, CancellationToken cancellationToken)
    {
        StoreCopyReport report;
        try
        {
            report = await StoreCopy.SqliteToMongoAsync(services, settings.ConnectionString!, Console.WriteLine, CancellationToken.None);
        }
        catch (InvalidOperationException ex)
        {
            await Console.Error.WriteLineAsync($"Not copied: {ex.Message}");
            return 1;
        }

        Console.WriteLine($"Users: {report.UsersCopied} copied, {report.UsersKeptNewer} newer in MongoDB and kept.");
        Console.WriteLine(
            $"Reset codes: {report.ResetsCopied} copied, {report.ResetsKeptNewer} newer in MongoDB and kept, "
            + $"{report.ResetsSpent} used up in MongoDB since an earlier copy and not copied again.");
        if (!report.CountsMatch)
        {
            await Console.Error.WriteLineAsync(
                $"Counts differ: SQLite holds {report.SourceUsers} users and {report.SourceResets} live reset codes, "
                + $"MongoDB {report.TargetUsers} and {report.TargetResets}. If the API still writes to SQLite, stop it and run the copy again; "
                + "if MongoDB already served requests, it holds users that SQLite does not.");
            return 1;
        }

        Console.WriteLine($"Counts verified: {report.TargetUsers} users and {report.TargetResets} live reset codes in both stores.");
        return 0;
    }
}
