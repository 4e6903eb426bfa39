using Ludmin.Application.Common;
using Ludmin.Application.Common.Ports;
using Ludmin.Domain.Common;
using Ludmin.Domain.SecondFactors;
using Mediator;

namespace Ludmin.Application.SecondFactors.ReplaceRecoveryCodes;

/// <summary>Replaces the whole set; needs a level-2 token, whoever the caller is, since the codes stand in for the factor itself.</summary>
internal sealed class ReplaceRecoveryCodesHandler(ISecondFactorRepository factors, IRecoveryCodeProtector recoveryCodes, ISecurityEvents events, TimeProvider clock)
    : ICommandHandler<ReplaceRecoveryCodesCommand, RecoveryCodeSet>
{
    public async ValueTask<RecoveryCodeSet> Handle(ReplaceRecoveryCodesCommand command, CancellationToken cancellationToken)
    {
        var caller = command.Caller;
        var callerId = caller.UserId ?? throw new DomainException(Errors.Forbidden, "Recovery codes need a user token.");
        var codes = recoveryCodes.NewCodes();
        var replacement = RecoveryCodes.Issue(codes.Select(recoveryCodes.Hash));
        await ConflictRetry.RunAsync(async _ =>
        {
            var current = await factors.FindAsync(callerId, cancellationToken);
            if (current.HasActiveFactor && !caller.Assurance.IsMultiFactor)
            {
                throw new DomainException(Errors.SecondFactorRequired);
            }

            await factors.SaveAsync(callerId, current.ReplaceRecoveryCodes(replacement), clock.GetUtcNow(), cancellationToken);
            return true;
        });
        events.RecoveryCodesReplaced(callerId, caller.DeviceId, caller.ClientAddress);
        return new RecoveryCodeSet(codes);
    }
}
