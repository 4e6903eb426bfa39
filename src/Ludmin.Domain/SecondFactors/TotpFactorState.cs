namespace Ludmin.Domain.SecondFactors;

/// <summary>Where a TOTP factor stands: enrolled and waiting for its first code, or in use.</summary>
public enum TotpFactorState
{
    /// <summary>Enrolment began; the first code from the authenticator app confirms it, within <see cref="TotpFactor.PendingLifetime"/>.</summary>
    Pending,

    /// <summary>Confirmed: a login needs a code from it (or a recovery code).</summary>
    Active,
}
