namespace Ludmin.Api.Requests;

/// <summary>Confirms a pending TOTP enrolment.</summary>
/// <param name="Code">The six digits the authenticator app shows now (spaces between them are fine).</param>
public sealed record TotpCodeRequest(string? Code)
{
    public override string ToString() => "TotpCodeRequest";
}
