using Ludmin.Application.Common;
using Mediator;

namespace Ludmin.Application.SecondFactors.RemoveOwnTotp;

/// <summary><c>DELETE /users/me/totp</c> (<see cref="TotpRemoval"/>).</summary>
internal sealed class RemoveOwnTotpHandler(TotpRemoval removal) : ICommandHandler<RemoveOwnTotpCommand>
{
    public async ValueTask<Unit> Handle(RemoveOwnTotpCommand command, CancellationToken cancellationToken)
    {
        await removal.RemoveAsync(command.Caller, TargetUser.Me, command.CurrentPassword, cancellationToken);
        return Unit.Value;
    }
}
