using System.ComponentModel;
using Ludmin.Infrastructure.Storage.Copying;
using Spectre.Console;
using Spectre.Console.Cli;

namespace Ludmin.Api.Hosting.CommandLine;

/// <summary>
/// <c>copy-store --to-mongo|--to-postgres &lt;connection string&gt; [--overwrite-live-store]</c>:
/// copies the embedded SQLite store into MongoDB or PostgreSQL, refusing a target the API has
/// already served on unless <c>--overwrite-live-store</c> (docs/operations.md, "Moving between
/// stores"). Exit code 0 only when the copy finished and the counts of both stores agree.
/// </summary>
internal sealed class CopyStoreCommand(IServiceProvider services) : AsyncCommand<CopyStoreCommand.Settings>
{
    public const string Name = "copy-store";
    public const string Usage = "copy-store --to-mongo|--to-postgres <connection string> [--overwrite-live-store]";

    public sealed class Settings : CommandSettings
    {
        [CommandOption("--to-mongo <CONNECTION_STRING>")]
        [Description("The MongoDB to copy into (mongodb:// or mongodb+srv://).")]
        public string? ConnectionString { get; init; }

        [CommandOption("--to-postgres <CONNECTION_STRING>")]
        [Description("The PostgreSQL database to copy into (an Npgsql connection string: Host=…;Database=…;…).")]
        public string? PostgresConnectionString { get; init; }

        [CommandOption("--overwrite-live-store")]
        [Description("Copy even into a store the API has already served on, overwriting its users and reset codes with the SQLite file's.")]
        public bool OverwriteLiveStore { get; init; }

        /// <summary>
        /// Something that is no connection string at all is a wrong argument (exit code 2), not a
        /// failed copy: the parser also hands over a word of its own when an option ends the line
        /// without a value. Exactly one target.
        /// </summary>
        public override ValidationResult Validate() => (ConnectionString, PostgresConnectionString) switch
        {
            ({ } mongo, null) when mongo.Contains("://", StringComparison.Ordinal) => ValidationResult.Success(),
            (null, { } postgres) when postgres.Contains('=', StringComparison.Ordinal) => ValidationResult.Success(),
            (null, { }) => ValidationResult.Error("--to-postgres needs an Npgsql connection string (Host=…;Database=…;Username=…)."),
            _ => ValidationResult.Error("--to-mongo needs a MongoDB connection string (mongodb://… or mongodb+srv://…), or --to-postgres an Npgsql one."),
        };
    }

    public override async Task<int> ExecuteAsync(CommandContext context, Settings settings, CancellationToken cancellationToken)
    {
        var toPostgres = settings.PostgresConnectionString is not null;
        var target = toPostgres ? "PostgreSQL" : "MongoDB";
        StoreCopyReport report;
        try
        {
            report = toPostgres
                ? await StoreCopy.SqliteToPostgresAsync(services, settings.PostgresConnectionString!, Console.WriteLine, CancellationToken.None, settings.OverwriteLiveStore)
                : await StoreCopy.SqliteToMongoAsync(services, settings.ConnectionString!, Console.WriteLine, CancellationToken.None, settings.OverwriteLiveStore);
        }
        catch (InvalidOperationException ex)
        {
            await Console.Error.WriteLineAsync($"Not copied: {ex.Message}");
            return 1;
        }

        return await ReportAsync(report, target);
    }

    /// <summary>What was copied and kept, then the counts compared: 0 when they match.</summary>
    private static async Task<int> ReportAsync(StoreCopyReport report, string target)
    {
        Console.WriteLine($"Users: {report.UsersCopied} copied, {report.UsersKeptNewer} newer in {target} and kept.");
        Console.WriteLine(
            $"Reset codes: {report.ResetsCopied} copied, {report.ResetsKeptNewer} newer in {target} and kept, "
            + $"{report.ResetsSpent} used up in {target} since an earlier copy and not copied again.");
        Console.WriteLine($"Passkeys: {report.PasskeysCopied} copied, {report.PasskeysKeptNewer} newer in {target} and kept.");
        if (!report.CountsMatch)
        {
            await Console.Error.WriteLineAsync(
                $"Counts differ: SQLite holds {report.SourceUsers} users, {report.SourceResets} live reset codes and {report.SourcePasskeys} passkeys, "
                + $"{target} {report.TargetUsers}, {report.TargetResets} and {report.TargetPasskeys}. If the API still writes to SQLite, stop it and run the copy again; "
                + $"if {target} already served requests, it holds users that SQLite does not.");
            return 1;
        }

        Console.WriteLine($"Counts verified: {report.TargetUsers} users, {report.TargetResets} live reset codes and {report.TargetPasskeys} passkeys in both stores.");
        return 0;
    }
}
