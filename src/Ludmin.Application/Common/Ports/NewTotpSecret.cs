namespace Ludmin.Application.Common.Ports;

/// <summary>
/// A new TOTP secret as enrolment hands it out once: the key to seal and store, and the two forms
/// an authenticator app reads (<c>secret</c> in base32, <c>otpauth_uri</c>). Never logged.
/// </summary>
public sealed record NewTotpSecret(byte[] Key, string Base32, string OtpauthUri)
{
    /// <summary>Keeps the secret out of logs, which would print a record's members.</summary>
    public override string ToString() => "NewTotpSecret(***)";
}
