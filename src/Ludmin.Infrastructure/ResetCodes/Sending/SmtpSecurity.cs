namespace Ludmin.Infrastructure.ResetCodes.Sending;

/// <summary>How the connection to the SMTP server is protected (<c>Ludmin:ResetCodes:Smtp:Security</c>).</summary>
public enum SmtpSecurity
{
    /// <summary>TLS when the server offers STARTTLS, plain otherwise (port 465 means TLS on connect).</summary>
    Auto,

    /// <summary>Plain text: only for a relay on the same host or a trusted network.</summary>
    None,

    /// <summary>STARTTLS, required: the sender refuses a server that does not offer it.</summary>
    StartTls,

    /// <summary>TLS from the first byte (usually port 465).</summary>
    SslOnConnect,
}
