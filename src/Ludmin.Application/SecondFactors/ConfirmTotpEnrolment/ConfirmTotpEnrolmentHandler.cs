using Ludmin.Application.Common;
using Ludmin.Application.Common.Ports;
using Ludmin.Domain.Common;
using Ludmin.Domain.SecondFactors;
using Ludmin.Domain.Users;
using Mediator;

namespace Ludmin.Application.SecondFactors.ConfirmTotpEnrolment;

/// <summary>
/// A right code makes the pending factor active (its step the last accepted one, so the same code
/// cannot also log in), issues ten recovery codes, ends every other session of the user (as a
/// password change does) and gives the caller's device a new session at level 2.
/// </summary>
internal sealed class ConfirmTotpEnrolmentHandler(
    IUserRepository users,
    ISecondFactorRepository factors,
    ITotpCodes totp,
    ISecretSealer sealer,
    IRecoveryCodeProtector recoveryCodes,
    ITokenIssuer tokens,
    ISecurityEvents events,
    TimeProvider clock) : ICommandHandler<ConfirmTotpEnrolmentCommand, TotpActivation>
{
    public async ValueTask<TotpActivation> Handle(ConfirmTotpEnrolmentCommand command, CancellationToken cancellationToken)
    {
        var caller = command.Caller;
        var callerId = caller.UserId ?? throw new DomainException(Errors.Forbidden, "Enrolling a second factor needs a user token.");
        var codes = recoveryCodes.NewCodes();
        var firstSet = RecoveryCodes.Issue(codes.Select(recoveryCodes.Hash));
        await ConflictRetry.RunAsync(async _ =>
        {
            var current = await factors.FindAsync(callerId, cancellationToken);
            var now = clock.GetUtcNow();
            if (current.Totp is not { IsActive: false } pending || pending.HasExpired(now))
            {
                throw new DomainException(Errors.TotpCodeInvalid, "No TOTP enrolment is waiting for a code; start it again.", "code");
            }

            var step = totp.MatchStep(sealer.Unseal(pending.Secret, callerId), command.Code!, now)
                ?? throw new DomainException(Errors.TotpCodeInvalid, field: "code");
            await factors.SaveAsync(callerId, current.ActivateTotp(step, firstSet, now), now, cancellationToken);
            return true;
        });

        var user = await ConflictRetry.RunAsync(async _ =>
        {
            var current = await users.FindByIdAsync(callerId, cancellationToken) ?? throw new DomainException(Errors.UserNotFound);
            if (!caller.HoldsSessionOf(current))
            {
                throw new DomainException(Errors.SessionEnded);
            }

            current.KeepOnlySession(caller.DeviceId, clock.GetUtcNow());
            await users.UpdateAsync(current, cancellationToken);
            return current;
        });

        events.SecondFactorEnrolled(callerId, caller.DeviceId, caller.ClientAddress);
        var token = tokens.IssueForUser(user, caller.DeviceId, Assurance.PasswordAnd(SecondFactorKind.Totp));
        return new TotpActivation(codes, token.Token, token.ExpiresAt);
    }
}
