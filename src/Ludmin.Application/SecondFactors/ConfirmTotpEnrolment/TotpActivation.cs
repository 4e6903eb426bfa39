namespace Ludmin.Application.SecondFactors.ConfirmTotpEnrolment;

/// <summary>An active TOTP factor: the first recovery codes (shown once) and a level-2 token for the caller's device.</summary>
public sealed record TotpActivation(IReadOnlyList<string> RecoveryCodes, string Token, DateTimeOffset ExpiresAt)
{
    /// <summary>Keeps the codes and the token out of logs.</summary>
    public override string ToString() => $"TotpActivation(expires {ExpiresAt:O})";
}
