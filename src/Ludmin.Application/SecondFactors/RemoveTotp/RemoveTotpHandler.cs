using Ludmin.Application.Common;
using Mediator;

namespace Ludmin.Application.SecondFactors.RemoveTotp;

/// <summary><c>DELETE /users/{id}/totp</c>: a master for anyone (a lost phone), or a user for themself (<see cref="TotpRemoval"/>).</summary>
internal sealed class RemoveTotpHandler(TotpRemoval removal) : ICommandHandler<RemoveTotpCommand>
{
    public async ValueTask<Unit> Handle(RemoveTotpCommand command, CancellationToken cancellationToken)
    {
        await removal.RemoveAsync(command.Caller, command.IdOrMe, command.CurrentPassword, cancellationToken);
        return Unit.Value;
    }
}
