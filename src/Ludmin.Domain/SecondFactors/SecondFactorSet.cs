using Ludmin.Domain.Common;

namespace Ludmin.Domain.SecondFactors;

/// <summary>
/// A user's second factors: a TOTP authenticator (pending or active) and the recovery codes that
/// stand in for it. Recovery codes exist only while a factor is active, and removing the last
/// active factor spends them, so a later enrolment never inherits an old set. A further kind
/// (passkeys) becomes one more member here, counted by <see cref="HasActiveFactor"/> and listed
/// by <see cref="LoginFactors"/>. Immutable: each change returns the new state.
/// </summary>
public sealed class SecondFactorSet
{
    private SecondFactorSet(TotpFactor? totp, RecoveryCodes recoveryCodes, long version)
    {
        Totp = totp;
        RecoveryCodes = recoveryCodes;
        Version = version;
    }

    public static SecondFactorSet None { get; } = new(totp: null, RecoveryCodes.None, version: 0);

    /// <summary>
    /// The stored version this state was read at (0: nothing stored). The store writes a change
    /// only while its version is still this one (a compare-and-set), which is what makes a TOTP
    /// step or a recovery code pass once when two requests race, on every instance.
    /// </summary>
    public long Version { get; }

    /// <summary>Whether nothing is enrolled, pending or active: the store keeps no record of such a set.</summary>
    public bool IsEmpty => Totp is null && RecoveryCodes.Left == 0;

    /// <summary>The TOTP factor, pending or active; none when never enrolled or removed.</summary>
    public TotpFactor? Totp { get; }

    public RecoveryCodes RecoveryCodes { get; }

    /// <summary>Whether a login needs a second step (and a level-2 token guards the account's changes).</summary>
    public bool HasActiveFactor => Totp is { IsActive: true };

    /// <summary>The factors in use, as the profile lists them (recovery codes are counted apart, <c>recovery_codes_left</c>).</summary>
    public IReadOnlyList<SecondFactorKind> ActiveFactors => HasActiveFactor ? [SecondFactorKind.Totp] : [];

    /// <summary>What the second step of a login accepts, in the order clients are told (<c>factors</c>).</summary>
    public IReadOnlyList<SecondFactorKind> LoginFactors =>
        !HasActiveFactor ? []
        : RecoveryCodes.Left > 0 ? [SecondFactorKind.Totp, SecondFactorKind.RecoveryCode]
        : [SecondFactorKind.Totp];

    public static SecondFactorSet Restore(TotpFactor? totp, RecoveryCodes recoveryCodes, long version)
    {
        ArgumentNullException.ThrowIfNull(recoveryCodes);
        ArgumentOutOfRangeException.ThrowIfNegative(version);
        if (totp is not { IsActive: true } && recoveryCodes.Left > 0)
        {
            throw new ArgumentException("Recovery codes exist only beside an active factor.", nameof(recoveryCodes));
        }

        return new SecondFactorSet(totp, recoveryCodes, version);
    }

    /// <summary>
    /// Starts a TOTP enrolment with a new sealed secret; it replaces a pending one (expired or
    /// not). An active factor is removed first, on purpose: a new phone goes through a level-2 removal.
    /// </summary>
    public SecondFactorSet BeginTotpEnrolment(SealedSecret secret, DateTimeOffset now)
    {
        if (HasActiveFactor)
        {
            throw new DomainException(Errors.TotpAlreadyActive);
        }

        return new SecondFactorSet(TotpFactor.Enrol(secret, now), RecoveryCodes, Version);
    }

    /// <summary>Confirms the pending enrolment with the step its code matched, and issues the first set of recovery codes.</summary>
    public SecondFactorSet ActivateTotp(long matchedStep, RecoveryCodes firstCodes, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(firstCodes);
        if (firstCodes.Left != RecoveryCodes.SetSize)
        {
            throw new ArgumentException("An activation issues a full set of recovery codes.", nameof(firstCodes));
        }

        if (Totp is null)
        {
            throw new DomainException(Errors.TotpCodeInvalid, "No TOTP enrolment is waiting for a code.", "code");
        }

        return new SecondFactorSet(Totp.Activate(matchedStep, now), firstCodes, Version);
    }

    /// <summary>A login's TOTP code, by the step it matched: passes once per step, and only forward.</summary>
    public SecondFactorSet PassTotp(long matchedStep) =>
        Totp is { IsActive: true } active
            ? new SecondFactorSet(active.Accept(matchedStep), RecoveryCodes, Version)
            : throw new DomainException(Errors.SecondFactorInvalid);

    /// <summary>A login's recovery code, by its keyed hash: passes once.</summary>
    public SecondFactorSet UseRecoveryCode(string hash) =>
        HasActiveFactor
            ? new SecondFactorSet(Totp, RecoveryCodes.Use(hash), Version)
            : throw new DomainException(Errors.SecondFactorInvalid);

    /// <summary>A new full set in place of the old one, every unused old code void.</summary>
    public SecondFactorSet ReplaceRecoveryCodes(RecoveryCodes codes)
    {
        ArgumentNullException.ThrowIfNull(codes);
        if (!HasActiveFactor)
        {
            throw new DomainException(Errors.TotpNotEnrolled, "Recovery codes stand in for an active factor; enrol one first.");
        }

        if (codes.Left != RecoveryCodes.SetSize)
        {
            throw new ArgumentException("A replacement is a full set of recovery codes.", nameof(codes));
        }

        return new SecondFactorSet(Totp, codes, Version);
    }

    /// <summary>Removes the TOTP factor, pending or active, and with the last active factor the recovery codes.</summary>
    public SecondFactorSet RemoveTotp()
    {
        if (Totp is null)
        {
            throw new DomainException(Errors.TotpNotEnrolled);
        }

        return new SecondFactorSet(totp: null, RecoveryCodes.None, Version);
    }
}
