using System.Globalization;
using System.Net;
using System.Text.Json;
using MailKit.Net.Smtp;
using MailKit.Security;
using Microsoft.Extensions.Logging;
using MimeKit;

namespace Ludmin.Infrastructure.ResetCodes.Sending;

/// <summary>
/// Mails each pickup file's code over SMTP (MailKit) and removes the file once the server took
/// it; removes expired files unsent; keeps every file while the server cannot be reached, for
/// the next pass. One connection per pass. Logs say how many and which file, never the code or
/// the address (the file name is a time and a random id).
/// </summary>
public sealed partial class ResetCodeSender(string directory, SmtpSenderOptions options, TimeProvider clock, ILogger<ResetCodeSender> logger)
{
    private static readonly JsonSerializerOptions Json = new() { PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower };

    public string Directory => directory;

    /// <summary>Sends what is in the folder now.</summary>
    public async Task<SendPass> SendPendingAsync(CancellationToken cancellationToken)
    {
        if (string.IsNullOrWhiteSpace(options.Host) || string.IsNullOrWhiteSpace(options.From))
        {
            throw new InvalidOperationException("Ludmin:ResetCodes:Smtp:Host and From must be set to send reset codes.");
        }

        // Files are read off the request path, on this task's thread: the folder is small and local.
        var files = System.IO.Directory.Exists(directory)
            ? System.IO.Directory.GetFiles(directory, "*.json").Where(f => !Path.GetFileName(f).StartsWith('.')).Order(StringComparer.Ordinal).ToList()
            : [];
        int sent = 0, expired = 0, invalid = 0;
        var due = new List<(string Path, PickupFile File)>();
        foreach (var path in files)
        {
            var file = await ReadAsync(path, cancellationToken);
            if (file is null)
            {
                File.Move(path, path + ".invalid", overwrite: true);
                LogInvalid(Path.GetFileName(path));
                invalid++;
            }
            else if (file.ExpiresAt <= clock.GetUtcNow())
            {
                File.Delete(path);
                expired++;
            }
            else
            {
                due.Add((path, file));
            }
        }

        if (due.Count == 0)
        {
            return new SendPass(sent, expired, invalid, 0, Failed: false);
        }

        using var client = new SmtpClient();
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(options.Timeout);
        try
        {
            await client.ConnectAsync(options.Host, options.Port, Socket(options.Security, options.Port), timeout.Token);
            if (!string.IsNullOrEmpty(options.Username))
            {
                await client.AuthenticateAsync(options.Username, options.Password ?? string.Empty, timeout.Token);
            }

            foreach (var (path, file) in due)
            {
                try
                {
                    await client.SendAsync(Message(file), timeout.Token);
                }
                catch (Exception ex) when (ex is ParseException
                    || (ex is SmtpCommandException { ErrorCode: SmtpErrorCode.RecipientNotAccepted } refused && (int)refused.StatusCode >= 500))
                {
                    // This address can never be mailed: retrying would hold the folder forever.
                    File.Move(path, path + ".invalid", overwrite: true);
                    LogUndeliverable(Path.GetFileName(path));
                    invalid++;
                    continue;
                }

                File.Delete(path);
                sent++;
            }

            await client.DisconnectAsync(quit: true, timeout.Token);
        }
        catch (Exception ex) when (ex is IOException or System.Net.Sockets.SocketException or SmtpCommandException or SmtpProtocolException or AuthenticationException or SslHandshakeException or MailKit.ServiceNotConnectedException
            || (ex is OperationCanceledException && !cancellationToken.IsCancellationRequested))
        {
            // The exception's type and message name the server's trouble; they never hold the code.
            LogServerUnavailable(options.Host, options.Port, ex.GetType().Name, ex.Message, due.Count - sent - invalid);
            return new SendPass(sent, expired, invalid, due.Count - sent - invalid, Failed: true);
        }

        if (sent > 0)
        {
            LogSent(sent);
        }

        return new SendPass(sent, expired, invalid, 0, Failed: false);
    }

    /// <summary>Passes until cancelled: every <see cref="SmtpSenderOptions.PollInterval"/>, and after a failure a doubling wait.</summary>
    public async Task WatchAsync(CancellationToken cancellationToken)
    {
        var retry = options.RetryDelay;
        while (!cancellationToken.IsCancellationRequested)
        {
            SendPass pass;
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

    private static async Task<PickupFile?> ReadAsync(string path, CancellationToken cancellationToken)
    {
        try
        {
            await using var stream = File.OpenRead(path);
            var file = await JsonSerializer.DeserializeAsync<PickupFile>(stream, Json, cancellationToken);
            return file is { Email.Length: > 0, Code.Length: > 0 } ? file : null;
        }
        catch (JsonException)
        {
            return null;
        }
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

    [LoggerMessage(EventId = 2003, EventName = "ResetCodeFileInvalid", Level = LogLevel.Error, Message = "Pickup file {File} is not a reset code; renamed to .invalid and skipped")]
    private partial void LogInvalid(string file);
}
