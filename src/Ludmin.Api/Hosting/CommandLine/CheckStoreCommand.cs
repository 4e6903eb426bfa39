using Ludmin.Infrastructure.Storage.Checking;
using Spectre.Console.Cli;

namespace Ludmin.Api.Hosting.CommandLine;

/// <summary>
/// <c>check-store</c>: checks the configured store and prints what it found (docs/operations.md,
/// "Checking a store"). Exit code 0 only when every check holds (warnings allowed); 1 otherwise,
/// or when the store cannot be reached.
/// </summary>
internal sealed class CheckStoreCommand(IServiceProvider services) : AsyncCommand
{
    public const string Name = "check-store";
    public const string Usage = "check-store";

    public override async Task<int> ExecuteAsync(CommandContext context, CancellationToken cancellationToken)
    {
        StoreCheckReport report;
        try
        {
            report = await StoreCheck.RunAsync(services, CancellationToken.None);
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
            Console.WriteLine($"  {StatusOf(item.Status)}  {item.Subject}: {item.Detail}");
        }

        var (failed, warnings) = (report.Count(StoreCheckStatus.Failed), report.Count(StoreCheckStatus.Warning));
        Console.WriteLine(report.Holds
            ? $"check-store: every check holds ({warnings} warning(s))."
            : $"check-store: {failed} check(s) failed, {warnings} warning(s).");
        return report.Holds ? 0 : 1;
    }

    private static string StatusOf(StoreCheckStatus status) => status switch
    {
        StoreCheckStatus.Ok => "ok  ",
        StoreCheckStatus.Warning => "WARN",
        _ => "FAIL",
    };
}
