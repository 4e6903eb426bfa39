using System.ComponentModel;
using System.Runtime.InteropServices;
using Ludmin.Infrastructure.ResetCodes.Sending;
using Spectre.Console.Cli;

namespace Ludmin.Api.Hosting.CommandLine;

/// <summary>
/// <c>send-codes [--watch]</c>: mails the reset codes waiting in the pickup folder over SMTP. Once:
/// exit code 0 when nothing is left to send, 1 when the server could not take them (the files stay
/// for the next run). With --watch: until Ctrl+C or SIGTERM, retrying with backoff.
/// </summary>
internal sealed class SendCodesCommand(IServiceProvider services) : AsyncCommand<SendCodesCommand.Settings>
{
    public const string Name = "send-codes";
    public const string Usage = "send-codes [--watch]";

    public sealed class Settings : CommandSettings
    {
        [CommandOption("--watch")]
        [Description("Keep sending as codes arrive, until Ctrl+C or SIGTERM.")]
        public bool Watch { get; init; }
    }

    public override async Task<int> ExecuteAsync(CommandContext context, Settings settings, CancellationToken cancellationToken)
    {
        var sender = services.GetRequiredService<ResetCodeSender>();
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        ConsoleCancelEventHandler cancel = (_, e) =>
        {
            e.Cancel = true;
            stop.Cancel();
        };
        Console.CancelKeyPress += cancel;
        using var terminate = PosixSignalRegistration.Create(PosixSignal.SIGTERM, signal =>
        {
            signal.Cancel = true;
            stop.Cancel();
        });
        try
        {
            return await SendAsync(sender, settings.Watch, stop.Token);
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

    private static async Task<int> SendAsync(ResetCodeSender sender, bool watch, CancellationToken stopping)
    {
        if (watch)
        {
            Console.WriteLine($"Sending reset codes from {sender.Directory} until stopped (Ctrl+C).");
            await sender.WatchAsync(stopping);
            return 0;
        }

        var pass = await sender.SendPendingAsync(stopping);
        Console.WriteLine($"Reset codes: {pass.Sent} sent, {pass.Expired} expired and removed, {pass.Invalid} invalid, {pass.Remaining} left.");
        return pass.Failed ? 1 : 0;
    }
}
