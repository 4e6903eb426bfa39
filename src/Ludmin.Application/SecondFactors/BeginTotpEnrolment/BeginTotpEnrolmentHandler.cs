using Ludmin.Application.Common;
using Ludmin.Application.Common.Ports;
using Ludmin.Domain.Common;
using Ludmin.Domain.SecondFactors;
using Ludmin.Domain.Users;
using Mediator;

namespace Ludmin.Application.SecondFactors.BeginTotpEnrolment;

/// <summary>
/// A new secret, sealed and stored as a pending factor that expires after ten minutes; a pending
/// one is replaced, an active one refused (a new phone goes through removing the old factor).
/// </summary>
internal sealed class BeginTotpEnrolmentHandler(
    IUserRepository users, ISecondFactorRepository factors, CurrentPasswordCheck passwords, ITotpCodes totp, ISecretSealer sealer, TimeProvider clock)
    : ICommandHandler<BeginTotpEnrolmentCommand, TotpEnrolment>
{
    public async ValueTask<TotpEnrolment> Handle(BeginTotpEnrolmentCommand command, CancellationToken cancellationToken)
    {
        var caller = command.Caller;
        var callerId = caller.UserId ?? throw new DomainException(Errors.Forbidden, "Enrolling a second factor needs a user token.");
        var user = await users.FindByIdAsync(callerId, cancellationToken) ?? throw new DomainException(Errors.UserNotFound);
        await passwords.VerifyAsync(command.CurrentPassword!, caller, callerId, user, cancellationToken);

        var secret = totp.NewSecret(user.CurrentEmail);
        var sealedSecret = sealer.Seal(secret.Key, callerId);
        await ConflictRetry.RunAsync(async _ =>
        {
            var current = await factors.FindAsync(callerId, cancellationToken);
            await factors.SaveAsync(callerId, current.BeginTotpEnrolment(sealedSecret, clock.GetUtcNow()), clock.GetUtcNow(), cancellationToken);
            return true;
        });
        return new TotpEnrolment(secret.Base32, secret.OtpauthUri);
    }
}
