namespace Ludmin.Application.SecondFactors.BeginTotpEnrolment;

/// <summary>A pending TOTP enrolment as the caller's authenticator app reads it, shown once.</summary>
/// <param name="Secret">The secret in base32, for typing into an app.</param>
/// <param name="OtpauthUri">The <c>otpauth://totp/...</c> URI, for a QR code.</param>
public sealed record TotpEnrolment(string Secret, string OtpauthUri)
{
    /// <summary>Keeps the secret out of logs.</summary>
    public override string ToString() => "TotpEnrolment(***)";
}
