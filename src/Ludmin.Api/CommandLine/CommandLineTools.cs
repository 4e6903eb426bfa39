using Ludmin.Application.Users.PromoteMaster;
using Ludmin.Domain.Common;
using Ludmin.Infrastructure.ResetCodes.Sending;
using Ludmin.Infrastructure.Storage;
using Ludmin.Infrastructure.Storage.Copying;
using Mediator;

namespace Ludmin.Api.CommandLine;

/// <summary>
/// Commands of the Api program that run against the configured store and exit, with no server:
/// <c>promote &lt;email&gt;</c> makes an existing user a master; <c>copy-store --to-mongo &lt;connection string&gt;</c>
/// copies the embedded SQLite store into MongoDB (docs/operations.md, "Moving from SQLite to MongoDB");
/// <c>send-codes [--watch]</c> mails the reset codes waiting in the pickup folder over SMTP (once, or until stopped).
/// </summary>
internal static class CommandLineTools
{
    private static readonly string[] Commands = ["promote", "copy-store", "send-codes"];

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
            case ["send-codes"]:
                return await SendCodesAsync(app, watch: false);
            case ["send-codes", "--watch"]:
                return await SendCodesAsync(app, watch: true);
            default:
                await Console.Error.WriteLineAsync("Usage: promote <email> | copy-store --to-mongo <connection string> | send-codes [--watch]");
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
