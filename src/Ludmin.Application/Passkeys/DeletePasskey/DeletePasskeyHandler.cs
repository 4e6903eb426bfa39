using Ludmin.Application.Common;
using Ludmin.Application.Common.Options;
using Ludmin.Application.Common.Ports;
using Ludmin.Domain.Common;
using Ludmin.Domain.Passkeys;
using Mediator;

namespace Ludmin.Application.Passkeys.DeletePasskey;

internal sealed class DeletePasskeyHandler(IPasskeyRepository passkeys, ISecurityEvents events, PasskeyOptions options) : ICommandHandler<DeletePasskeyCommand>
{
    public async ValueTask<Unit> Handle(DeletePasskeyCommand command, CancellationToken cancellationToken)
    {
        PasskeySwitch.EnsureEnabled(options);
        var caller = command.Caller;
        var userId = caller.UserId ?? throw new DomainException(Errors.Forbidden, "Passkeys are removed with a user token.");
        var id = PasskeyId.TryParse(command.Id, out var parsed) ? parsed : throw new DomainException(Errors.PasskeyNotFound);
        if (!await passkeys.DeleteAsync(userId, id, cancellationToken))
        {
            throw new DomainException(Errors.PasskeyNotFound);
        }

        events.PasskeyRemoved(userId, caller.DeviceId, id, caller.ClientAddress);
        return Unit.Value;
    }
}
