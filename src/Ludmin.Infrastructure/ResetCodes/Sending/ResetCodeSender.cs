using System.Globalization;
using System.Net;
using MailKit.Net.Smtp;
using MailKit.Security;
using Microsoft.Extensions.Logging;
using MimeKit;

namespace Ludmin.Infrastructure.ResetCodes.Sending;

/// <summary>
/// Mails each pickup file's code over SMTP (MailKit) and removes the file once the server took
/// it; removes expired files unsent; keeps every file while the server cannot be reached, for
/// the next try. One connection per send. Logs say how many and which file, never the code or
/// the address (the file name is a time and a random id).
/// </summary>
public sealed partial class ResetCodeSender(string directory, SmtpSenderOptions options, TimeProvider clock, ILogger<ResetCodeSender> logger)
{
    public string Directory => directory;

    /// <summary>Sorts the folder as it is now (<see cref="PickupFolder"/>), then mails the codes that are due.</summary>
    public async Task<SendPendingResult> SendPendingAsync(CancellationToken cancellationToken)
    {
        if (string.IsNullOrWhiteSpace(options.Host) || string.IsNullOrWhiteSpace(options.From))
        {
            throw new InvalidOperationException("Ludmin:ResetCodes:Smtp:Host and From must be set to send reset codes.");
        }

        var folder = await new PickupFolder(directory, clock, logger).SortAsync(cancellationToken);
        return folder.Due.Count == 0
            ? new SendPendingResult(0, folder.Expired, folder.Invalid, 0, Failed: false)
            : await SendDueAsync(folder, options.Host, cancellationToken);
    }

    /// <summary>Sends until cancelled: every <see cref="SmtpSenderOptions.PollInterval"/>, and after a failure a doubling wait.</summary>
    public async Task WatchAsync(CancellationToken cancellationToken)
    {
        var retry = options.RetryDelay;
        while (!cancellationToken.IsCancellationRequested)
        {
            SendPendingResult pass;
            try
            {
                pass = await SendPendingAsync(cancellationToken);
            }
            catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
            {
                return;
            }

            var wait = options.PollInterval;
            if (pass.Failed)
            {
                wait = retry;
                retry = TimeSpan.FromTicks(Math.Min(retry.Ticks * 2, options.MaxRetryDelay.Ticks));
            }
            else
            {
                retry = options.RetryDelay;
            }

            try
            {
                await Task.Delay(wait, clock, cancellationToken);
            }
            catch (OperationCanceledException)
            {
                return;
            }
        }
    }

    /// <summary>
    /// One connection for all the due codes. A file leaves the folder once the server took its
    /// message; while the server cannot be reached, every file not yet sent stays.
    /// </summary>
    private async Task<SendPendingResult> SendDueAsync(SortedPickupFolder folder, string host, CancellationToken cancellationToken)
    {
        int sent = 0, undeliverable = 0;
        using var client = new SmtpClient();
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(options.Timeout);
        try
        {
            await client.ConnectAsync(host, options.Port, Socket(options.Security, options.Port), timeout.Token);
            if (!string.IsNullOrEmpty(options.Username))
            {
                await client.AuthenticateAsync(options.Username, options.Password ?? string.Empty, timeout.Token);
            }

            foreach (var due in folder.Due)
            {
                if (await SendOneAsync(client, due, timeout.Token))
                {
                    sent++;
                }
                else
                {
                    undeliverable++;
                }
            }

            await client.DisconnectAsync(quit: true, timeout.Token);
        }
        catch (Exception ex) when (ex is IOException or System.Net.Sockets.SocketException or SmtpCommandException or SmtpProtocolException or AuthenticationException or SslHandshakeException or MailKit.ServiceNotConnectedException
            || (ex is OperationCanceledException && !cancellationToken.IsCancellationRequested))
        {
            // The exception's type and message name the server's trouble; they never hold the code.
            var remaining = folder.Due.Count - sent - undeliverable;
            LogServerUnavailable(host, options.Port, ex.GetType().Name, ex.Message, remaining);
            return new SendPendingResult(sent, folder.Expired, folder.Invalid + undeliverable, remaining, Failed: true);
        }

        if (sent > 0)
        {
            LogSent(sent);
        }

        return new SendPendingResult(sent, folder.Expired, folder.Invalid + undeliverable, 0, Failed: false);
    }

    /// <summary>Mails one code and removes its file; false when the address can never be mailed (the file is set aside).</summary>
    private async Task<bool> SendOneAsync(SmtpClient client, DuePickupFile due, CancellationToken cancellationToken)
    {
        try
        {
            await client.SendAsync(Message(due.File), cancellationToken);
        }
        catch (Exception ex) when (ex is ParseException
            || (ex is SmtpCommandException { ErrorCode: SmtpErrorCode.RecipientNotAccepted } refused && (int)refused.StatusCode >= 500))
        {
            // Retrying would hold the folder forever.
            PickupFolder.SetAside(due.Path);
            LogUndeliverable(Path.GetFileName(due.Path));
            return false;
        }

        File.Delete(due.Path);
        return true;
    }

    private MimeMessage Message(PickupFile file)
    {
        var minutes = Math.Max(1, (int)Math.Round((file.ExpiresAt - clock.GetUtcNow()).TotalMinutes)).ToString(CultureInfo.InvariantCulture);
        var expiresAt = file.ExpiresAt.UtcDateTime.ToString("yyyy-MM-dd HH:mm 'UTC'", CultureInfo.InvariantCulture);
        string Fill(string template, Func<string, string> encode) => template
            .Replace("{code}", encode(file.Code), StringComparison.Ordinal)
            .Replace("{expires_at}", encode(expiresAt), StringComparison.Ordinal)
            .Replace("{minutes}", encode(minutes), StringComparison.Ordinal);

        var message = new MimeMessage();
        message.From.Add(MailboxAddress.Parse(options.From!));
        message.To.Add(MailboxAddress.Parse(file.Email));
        message.Subject = Fill(options.Subject, s => s);
        message.Body = new BodyBuilder
        {
            TextBody = Fill(options.TextBody, s => s),
            HtmlBody = Fill(options.HtmlBody, WebUtility.HtmlEncode),
        }.ToMessageBody();
        return message;
    }

    private static SecureSocketOptions Socket(SmtpSecurity security, int port) => security switch
    {
        SmtpSecurity.None => SecureSocketOptions.None,
        SmtpSecurity.StartTls => SecureSocketOptions.StartTls,
        SmtpSecurity.SslOnConnect => SecureSocketOptions.SslOnConnect,
        _ => port == 465 ? SecureSocketOptions.SslOnConnect : SecureSocketOptions.StartTlsWhenAvailable,
    };

    [LoggerMessage(EventId = 2001, EventName = "ResetCodesSent", Level = LogLevel.Information, Message = "Sent {Count} reset code message(s)")]
    private partial void LogSent(int count);

    [LoggerMessage(EventId = 2002, EventName = "ResetCodeServerUnavailable", Level = LogLevel.Warning, Message = "SMTP server {Host}:{Port} could not take reset codes ({ErrorType}: {Error}); {Remaining} file(s) kept for the next attempt")]
    private partial void LogServerUnavailable(string host, int port, string errorType, string error, int remaining);

    [LoggerMessage(EventId = 2004, EventName = "ResetCodeUndeliverable", Level = LogLevel.Warning, Message = "The SMTP server refused the recipient of pickup file {File} for good; renamed to .invalid")]
    private partial void LogUndeliverable(string file);
}
