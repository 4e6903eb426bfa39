using Ludmin.Application.Common.Ports;
using Ludmin.Domain.Common;
using Ludmin.Domain.Passkeys;
using Ludmin.Domain.Users;

namespace Ludmin.Application.Common;

/// <summary>
/// Checks a passkey's answer to a challenge, for a sign-in and for the second step of a login:
/// the challenge taken from the store (once), bound to the caller's device and the ceremony; the
/// credential found by its id; the library's verification; then the counter rule, saved under the
/// passkey's version. Every refusal is a security event.
/// </summary>
internal sealed class PasskeyAssertions(
    IWebAuthn webAuthn,
    IPasskeyRepository passkeys,
    IPasskeyChallengeRepository challenges,
    ISecurityEvents events,
    TimeProvider clock)
{
    /// <param name="owner">The user the passkey must belong to (a second factor); null for a sign-in, which names nobody.</param>
    public async Task<Passkey> VerifyAsync(Caller caller, string credential, CeremonyPurpose purpose, UserId? owner, CancellationToken cancellationToken)
    {
        var answer = webAuthn.ReadAnswer(credential)
            ?? throw Refuse(caller, purpose, owner, PasskeyFailure.AnswerInvalid, Errors.PasskeyInvalid);
        var challenge = await challenges.TakeAsync(answer.Challenge, cancellationToken);
        if (challenge is null || !challenge.Admits(purpose, caller.DeviceId, owner, clock.GetUtcNow()))
        {
            throw Refuse(caller, purpose, owner, PasskeyFailure.ChallengeInvalid, Errors.PasskeyChallengeInvalid);
        }

        var passkey = await passkeys.FindByCredentialAsync(answer.CredentialId, cancellationToken);
        if (passkey is null || (owner is { } expected && passkey.UserId != expected))
        {
            throw Refuse(caller, purpose, owner, PasskeyFailure.UnknownCredential, Errors.PasskeyInvalid);
        }

        VerifiedAssertion verified;
        try
        {
            verified = await webAuthn.VerifyAssertionAsync(challenge.OptionsJson, credential, passkey, cancellationToken);
        }
        catch (DomainException)
        {
            events.PasskeyRefused(passkey.UserId, caller.DeviceId, purpose, PasskeyFailure.AnswerInvalid, caller.ClientAddress);
            throw;
        }

        return await RecordUseAsync(caller, purpose, passkey, verified, cancellationToken);
    }

    /// <summary>
    /// The counter rule, saved under the passkey's version: of two answers racing with the same
    /// counter, the second re-reads the first's and is refused as not above it.
    /// </summary>
    private async Task<Passkey> RecordUseAsync(Caller caller, CeremonyPurpose purpose, Passkey passkey, VerifiedAssertion verified, CancellationToken cancellationToken)
    {
        try
        {
            return await ConflictRetry.RunAsync(async attempt =>
            {
                var current = attempt == 1 ? passkey : await passkeys.FindByCredentialAsync(passkey.CredentialId, cancellationToken)
                    ?? throw new DomainException(Errors.PasskeyInvalid);
                current.RecordUse(verified.SignCount, verified.BackedUp, clock.GetUtcNow());
                await passkeys.UpdateAsync(current, cancellationToken);
                return current;
            });
        }
        catch (DomainException ex) when (ex.Error == Errors.PasskeyCounterRegressed)
        {
            events.PasskeyRefused(passkey.UserId, caller.DeviceId, purpose, PasskeyFailure.CounterRegressed, caller.ClientAddress);
            throw;
        }
    }

    private DomainException Refuse(Caller caller, CeremonyPurpose purpose, UserId? owner, PasskeyFailure reason, Error error)
    {
        events.PasskeyRefused(owner, caller.DeviceId, purpose, reason, caller.ClientAddress);
        return new DomainException(error);
    }
}
