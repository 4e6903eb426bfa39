using Ludmin.Application.Users.PromoteMaster;
using Ludmin.Domain.Common;
using Ludmin.Infrastructure.ResetCodes.Sending;
using Ludmin.Infrastructure.Storage;
using Ludmin.Infrastructure.Storage.Checking;
using Ludmin.Infrastructure.Storage.Copying;
using Ludmin.Infrastructure.Tokens;
using Ludmin.Infrastructure.Storage.Seeding;
using Mediator;

namespace Ludmin.Api.Hosting.CommandLine;

/// <summary>
/// Commands of the Api program that run against the configured store and exit, with no server:
/// <c>promote &lt;email&gt;</c> makes an existing user a master; <c>copy-store --to-mongo &lt;connection string&gt;</c>
/// copies the embedded SQLite store into MongoDB (docs/operations.md, "Moving from SQLite to MongoDB");
/// <c>check-store</c> checks the configured store and prints what it found (docs/operations.md, "Checking a store");
/// <c>generate-key &lt;file&gt;</c> writes a new ES256 (P-256) key for <c>Ludmin:Tokens:Keys</c> (docs/operations.md, "Signing keys");
/// <c>seed-users &lt;count&gt;</c> writes synthetic users for load tests (Development and Testing only);
/// <c>send-codes [--watch]</c> mails the reset codes waiting in the pickup folder over SMTP (once, or until stopped).
/// </summary>
internal static class CommandLineTools
{
    private static readonly string[] Commands = ["promote", "copy-store", "check-store", "generate-key", "seed-users", "send-codes"];

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
            case ["check-store"]:
                return await CheckStoreAsync(app);
            case ["generate-key", var file]:
                return await GenerateKeyAsync(file);
            case ["seed-users", var count]:
                return await SeedUsersAsync(app, count);
            case ["send-codes"]:
                return await SendCodesAsync(app, watch: false);
            case ["send-codes", "--watch"]:
                return await SendCodesAsync(app, watch: true);
            default:
                await Console.Error.WriteLineAsync("Usage: promote <email> | copy-store --to-mongo <connection string> | check-store | generate-key <file> | seed-users <count> | send-codes [--watch]");
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
            var outcome = await scope.ServiceProvider.GetRequiredService<ISender>().Send(new PromoteMasterCommand(email, Password: null));
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

    /// <summary>Exit code 0 only when every check holds (warnings allowed); 1 otherwise, or when the store cannot be reached.</summary>
    private static async Task<int> CheckStoreAsync(WebApplication app)
    {
        StoreCheckReport report;
        try
        {
            report = await StoreCheck.RunAsync(app.Services, CancellationToken.None);
        }
        catch (Exception ex) when (ex is not OutOfMemoryException)
        {
            // One line, never a stack trace: an operator runs this to find out what is wrong.
            await Console.Error.WriteLineAsync($"check-store: {(ex is InvalidOperationException ? ex.Message : $"the store could not be checked ({ex.GetType().Name}).")}");
            return 1;
        }

        Console.WriteLine($"check-store: {report.Store}");
        foreach (var item in report.Items)
        {
            var status = item.Status switch
            {
                StoreCheckStatus.Ok => "ok  ",
                StoreCheckStatus.Warning => "WARN",
                _ => "FAIL",
            };
            Console.WriteLine($"  {status}  {item.Subject}: {item.Detail}");
        }

        var (failed, warnings) = (report.Count(StoreCheckStatus.Failed), report.Count(StoreCheckStatus.Warning));
        Console.WriteLine(report.Holds
            ? $"check-store: every check holds ({warnings} warning(s))."
            : $"check-store: {failed} check(s) failed, {warnings} warning(s).");
        return report.Holds ? 0 : 1;
    }

    /// <summary>
    /// The private key goes to the file only (created new, owner read/write only), never to the
    /// console, whose output often ends up in logs; the console gets the settings that name it.
    /// </summary>
    private static async Task<int> GenerateKeyAsync(string file)
    {
        var path = Path.GetFullPath(file);
        var pem = EcdsaKeyFile.NewPem();
        try
        {
            EcdsaKeyFile.WriteNew(path, pem);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            await Console.Error.WriteLineAsync($"Not written: {path}: {ex.Message} (an existing file is never overwritten).");
            return 1;
        }

        using var key = System.Security.Cryptography.ECDsa.Create();
        key.ImportFromPem(pem);
        Console.WriteLine($"Wrote a new ES256 (P-256) private key to {path}, readable by its owner only.");
        Console.WriteLine("Add it as a further key, published before it signs (docs/operations.md, \"Rotating the signing key\"):");
        Console.WriteLine($"  Ludmin__Tokens__Keys__<n>__Id={EcdsaKeyFile.Thumbprint(key)}");
        Console.WriteLine($"  Ludmin__Tokens__Keys__<n>__PemFile={path}");
        Console.WriteLine("  Ludmin__Tokens__Keys__<n>__Signing=false");
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

    /// <summary>
    /// Once: exit code 0 when nothing is left to send, 1 when the server could not take them (the
    /// files stay for the next run). With --watch: until Ctrl+C or SIGTERM, retrying with backoff.
    /// </summary>
    private static async Task<int> SendCodesAsync(WebApplication app, bool watch)
    {
        var sender = app.Services.GetRequiredService<ResetCodeSender>();
        using var stop = new CancellationTokenSource();
        ConsoleCancelEventHandler cancel = (_, e) =>
        {
            e.Cancel = true;
            stop.Cancel();
        };
        Console.CancelKeyPress += cancel;
        using var terminate = System.Runtime.InteropServices.PosixSignalRegistration.Create(System.Runtime.InteropServices.PosixSignal.SIGTERM, context =>
        {
            context.Cancel = true;
            stop.Cancel();
        });
        try
        {
            if (watch)
            {
                Console.WriteLine($"Sending reset codes from {sender.Directory} until stopped (Ctrl+C).");
                await sender.WatchAsync(stop.Token);
                return 0;
            }

            var pass = await sender.SendPendingAsync(stop.Token);
            Console.WriteLine($"Reset codes: {pass.Sent} sent, {pass.Expired} expired and removed, {pass.Invalid} invalid, {pass.Remaining} left.");
            return pass.Failed ? 1 : 0;
        }
        catch (InvalidOperationException ex)
        {
            await Console.Error.WriteLineAsync($"Not sent: {ex.Message}");
            return 2;
        }
        finally
        {
            Console.CancelKeyPress -= cancel;
        }
    }
}
