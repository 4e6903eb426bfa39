namespace Ludmin.Infrastructure.ResetCodes.Sending;

/// <summary>
/// The SMTP server and the message (<c>Ludmin:ResetCodes:Smtp</c>). The subject and both bodies
/// are templates: <c>{code}</c>, <c>{expires_at}</c> (UTC, ISO 8601) and <c>{minutes}</c> (left
/// when sent) are replaced; the HTML body gets them HTML-encoded.
/// </summary>
public sealed class SmtpSenderOptions
{
    public string? Host { get; set; }

    public int Port { get; set; } = 587;

    /// <summary>The sender address, e.g. <c>Ludmin &lt;no-reply@example.org&gt;</c>.</summary>
    public string? From { get; set; }

    public SmtpSecurity Security { get; set; } = SmtpSecurity.Auto;

    /// <summary>Credentials, when the server asks for them; both or neither.</summary>
    public string? Username { get; set; }

    public string? Password { get; set; }

    public string Subject { get; set; } = "Your password reset code";

    public string TextBody { get; set; } =
        "Your password reset code is {code}.\n\nIt works once, until {expires_at} (about {minutes} minutes). If you did not ask for it, ignore this message: your password stays as it is.\n";

    public string HtmlBody { get; set; } =
        "<p>Your password reset code is <strong style=\"font-size:1.4em;letter-spacing:0.1em\">{code}</strong>.</p><p>It works once, until {expires_at} (about {minutes} minutes). If you did not ask for it, ignore this message: your password stays as it is.</p>";

    /// <summary>How often the folder is looked at when all went out.</summary>
    public TimeSpan PollInterval { get; set; } = TimeSpan.FromSeconds(5);

    /// <summary>The first wait after a failed attempt; it doubles up to <see cref="MaxRetryDelay"/>.</summary>
    public TimeSpan RetryDelay { get; set; } = TimeSpan.FromSeconds(2);

    public TimeSpan MaxRetryDelay { get; set; } = TimeSpan.FromMinutes(5);

    /// <summary>Connect, send and quit within this time, or the attempt counts as failed.</summary>
    public TimeSpan Timeout { get; set; } = TimeSpan.FromSeconds(30);
}
