using Ludmin.Domain.Common;

namespace Ludmin.Domain.SecondFactors;

/// <summary>
/// A TOTP authenticator (RFC 6238): its sealed secret, its state, and the last time step a code
/// was accepted for. A code is accepted once: a step only passes when it is later than the last
/// accepted one (RFC 6238 §5.2), so the same code, or an older one still inside the window,
/// fails. The store moves <see cref="LastAcceptedStep"/> with a compare-and-set, which keeps the
/// rule when two requests race. Immutable: each transition returns the new state.
/// </summary>
public sealed class TotpFactor
{
    /// <summary>How long an enrolment waits for its confirming code before it is void.</summary>
    public static readonly TimeSpan PendingLifetime = TimeSpan.FromMinutes(10);

    private TotpFactor(SealedSecret secret, TotpFactorState state, DateTimeOffset enrolledAt, DateTimeOffset? activatedAt, long? lastAcceptedStep)
    {
        Secret = secret;
        State = state;
        EnrolledAt = enrolledAt;
        ActivatedAt = activatedAt;
        LastAcceptedStep = lastAcceptedStep;
    }

    public SealedSecret Secret { get; }

    public TotpFactorState State { get; }

    public DateTimeOffset EnrolledAt { get; }

    /// <summary>When a pending enrolment is void; past this, only a new enrolment helps.</summary>
    public DateTimeOffset PendingUntil => EnrolledAt + PendingLifetime;

    public DateTimeOffset? ActivatedAt { get; }

    /// <summary>The time step (Unix time / 30 s) of the last code accepted; none while pending.</summary>
    public long? LastAcceptedStep { get; }

    public bool IsActive => State == TotpFactorState.Active;

    public static TotpFactor Enrol(SealedSecret secret, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(secret);
        return new TotpFactor(secret, TotpFactorState.Pending, TimestampPrecision.Truncate(now), activatedAt: null, lastAcceptedStep: null);
    }

    /// <summary>A factor as the store kept it; a state that no transition makes is refused.</summary>
    public static TotpFactor Restore(SealedSecret secret, TotpFactorState state, DateTimeOffset enrolledAt, DateTimeOffset? activatedAt, long? lastAcceptedStep)
    {
        ArgumentNullException.ThrowIfNull(secret);
        var consistent = state switch
        {
            TotpFactorState.Pending => activatedAt is null && lastAcceptedStep is null,
            TotpFactorState.Active => activatedAt is not null && lastAcceptedStep is >= 0,
            _ => false,
        };
        if (!consistent)
        {
            throw new ArgumentException($"A {state} TOTP factor has an activation time and a last accepted step exactly when it is active.", nameof(state));
        }

        return new TotpFactor(secret, state, enrolledAt, activatedAt, lastAcceptedStep);
    }

    /// <summary>Whether a pending enrolment has outlived <see cref="PendingLifetime"/>; an active factor never expires.</summary>
    public bool HasExpired(DateTimeOffset now) => State == TotpFactorState.Pending && now >= PendingUntil;

    /// <summary>
    /// Confirms a pending enrolment with the step its first code matched; that step becomes the
    /// last accepted one, so the confirming code cannot also log in.
    /// </summary>
    public TotpFactor Activate(long matchedStep, DateTimeOffset now)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(matchedStep);
        if (State != TotpFactorState.Pending)
        {
            throw new DomainException(Errors.TotpCodeInvalid, "No TOTP enrolment is waiting for a code.", "code");
        }

        if (HasExpired(now))
        {
            throw new DomainException(Errors.TotpCodeInvalid, "The TOTP enrolment has expired; start it again.", "code");
        }

        return new TotpFactor(Secret, TotpFactorState.Active, EnrolledAt, TimestampPrecision.Truncate(now), matchedStep);
    }

    /// <summary>
    /// Accepts a login's code by the step it matched: only a step later than the last accepted one
    /// passes. A replay answers exactly as a wrong code does, so it tells an onlooker nothing.
    /// </summary>
    public TotpFactor Accept(long matchedStep)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(matchedStep);
        if (State != TotpFactorState.Active || matchedStep <= LastAcceptedStep)
        {
            throw new DomainException(Errors.SecondFactorInvalid);
        }

        return new TotpFactor(Secret, State, EnrolledAt, ActivatedAt, matchedStep);
    }
}
