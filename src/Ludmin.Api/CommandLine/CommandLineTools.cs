using Ludmin.Application.Users.PromoteMaster;
using Ludmin.Domain.Common;
using Ludmin.Infrastructure.Storage;
using Ludmin.Infrastructure.Storage.Copying;
using Ludmin.Infrastructure.Storage.Seeding;
using Mediator;

namespace Ludmin.Api.CommandLine;

/// <summary>
/// Commands of the Api program that run against the configured store and exit, with no server:
/// <c>promote &lt;email&gt;</c> makes an existing user a master; <c>copy-store --to-mongo &lt;connection string&gt;</c>
/// copies the embedded SQLite store into MongoDB (docs/operations.md, "Moving from SQLite to MongoDB");
/// <c>seed-users &lt;count&gt;</c> writes synthetic users for load tests (Development and Testing only).
/// </summary>
internal static class CommandLineTools
{
    private static readonly string[] Commands = ["promote", "copy-store", "seed-users"];

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
            case ["seed-users", var count]:
                return await SeedUsersAsync(app, count);
            default:
                await Console.Error.WriteLineAsync("Usage: promote <email> | copy-store --to-mongo <connection string> | seed-users <count>");
                return 2;
        }
    }

    private static async Task<int> PromoteAsync(WebApplication app, string email)
    {
        await app.Services.GetRequiredService<IStoreInitializer>().InitializeAsync(CancellationToken.None);
        await using var scope = app.Services.CreateAsyncScope();
        try
        {
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

    /// <summary>
    /// A load generator, not a migration: every user it writes has the same known password, so
    /// it refuses (exit code 2) in any environment but Development and Testing.
    /// </summary>
    private static async Task<int> SeedUsersAsync(WebApplication app, string countText)
    {
        if (!app.Environment.IsDevelopment() && !app.Environment.IsEnvironment("Testing"))
        {
            await Console.Error.WriteLineAsync(
                $"Refused: seed-users writes users with a known password and runs only in Development or Testing (LUDMIN_CONFIG=development|testing); this is {app.Environment.EnvironmentName}.");
            return 2;
        }

        if (!long.TryParse(countText, System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var count)
            || count is < 1 or > UserSeeding.MaxCount)
        {
            await Console.Error.WriteLineAsync($"Usage: seed-users <count>, a whole number from 1 to {UserSeeding.MaxCount}.");
            return 2;
        }

        Console.WriteLine($"Seeding users 1 to {count}: {SyntheticUsers.Email(1)} ... {SyntheticUsers.Email(count)}, password \"{SyntheticUsers.Password}\".");
        try
        {
            var report = await UserSeeding.SeedAsync(app.Services, count, Console.WriteLine, CancellationToken.None);
            Console.WriteLine(
                $"Done in {report.Elapsed.TotalSeconds:F1} s: {report.Written} written, {report.AlreadyThere} already there"
                + (report.Skipped > 0 ? $", {report.Skipped} skipped (address already held)." : "."));
            return 0;
        }
        catch (DomainException ex)
        {
            await Console.Error.WriteLineAsync($"Not seeded: {ex.Message}");
            return 1;
        }
    }
}
