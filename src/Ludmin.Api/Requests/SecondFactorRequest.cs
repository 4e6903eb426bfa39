namespace Ludmin.Api.Requests;

/// <summary>The second step of a login: exactly one member, for the kind of factor used (one of the login answer's <c>factors</c>).</summary>
/// <param name="Code">For <c>totp</c>: the six digits the authenticator app shows now.</param>
/// <param name="RecoveryCode">For <c>recovery_code</c>: one of the account's unused recovery codes (<c>xxxx-xxxx-xxxx</c>; case, spaces and dashes do not matter).</param>
public sealed record SecondFactorRequest(string? Code, string? RecoveryCode)
{
    public override string ToString() => "SecondFactorRequest";
}
