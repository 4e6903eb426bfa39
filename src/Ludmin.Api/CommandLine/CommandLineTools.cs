using Ludmin.Application.Users.PromoteMaster;
using Ludmin.Domain.Common;
using Ludmin.Infrastructure.Storage;
using Ludmin.Infrastructure.Storage.Copying;
using Mediator;

namespace Ludmin.Api.CommandLine;

/// <summary>
/// Commands of the Api program that run against the configured store and exit, with no server:
/// <c>promote &lt;email&gt;</c> makes an existing user a master; <c>copy-store --to-mongo &lt;connection string&gt;</c>
/// copies the embedded SQLite store into MongoDB (docs/operations.md, "Moving from SQLite to MongoDB").
/// </summary>
internal static class CommandLineTools
{
    private static readonly string[] Commands = ["promote", "copy-store"];

    /// <summary>Whether the arguments name a command (and not server settings).</summary>
    public static bool IsCommand(string[] args) => args.Length > 0 && Commands.Contains(args[0], StringComparer.Ordinal);

    /// <summary>The arguments the host should see: a command's own words are not configuration.</summary>
    public static string[] HostArguments(string[] args) => IsCommand(args) ? [] : args;

    public static async Task<int> RunAsync(WebApplication app, string[] args)
    {
        switch (args)
        {
            case ["promote", var email]:
                return await PromoteAsync(app, email);
            case ["copy-store", "--to-mongo", var connectionString]:
                return await CopyStoreAsync(app, connectionString);
            default:
                await Console.Error.WriteLineAsync("Usage: promote <email> | copy-store --to-mongo <connection string>");
                return 2;
        }
    }

    private static async Task<int> PromoteAsync(WebApplication app, string email)
    {
        var store = app.Services.GetRequiredService<IStoreInitializer>();
        await store.InitializeAsync(CancellationToken.None);
        await using var scope = app.Services.CreateAsyncScope();
        try
        {
            // MongoDB makes its indexes in the background, and refuses requests until they exist.
            await store.WaitUntilReadyAsync(CancellationToken.None);
            var outcome = await scope.ServiceProvider.GetRequiredService<ISender>().Send(new PromoteMasterCommand(email, null));
            Console.WriteLine(outcome == PromoteMasterOutcome.AlreadyMaster ? $"{email} already is a master." : $"{email} is now a master.");
            return 0;
        }
        catch (DomainException ex)
        {
            await Console.Error.WriteLineAsync($"Not promoted: {ex.Message}");
            return 1;
        }
    }

    /// <summary>Exit code 0 only when the copy finished and the counts of both stores agree.</summary>
    private static async Task<int> CopyStoreAsync(WebApplication app, string connectionString)
    {
        StoreCopyReport report;
        try
        {
            report = await StoreCopy.SqliteToMongoAsync(app.Services, connectionString, Console.WriteLine, CancellationToken.None);
        }
        catch (InvalidOperationException ex)
        {
            await Console.Error.WriteLineAsync($"Not copied: {ex.Message}");
            return 1;
        }

        Console.WriteLine($"Users: {report.UsersCopied} copied, {report.UsersKeptNewer} newer in MongoDB and kept.");
        Console.WriteLine($"Reset codes: {report.ResetsCopied} copied, {report.ResetsKeptNewer} newer in MongoDB and kept.");
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
