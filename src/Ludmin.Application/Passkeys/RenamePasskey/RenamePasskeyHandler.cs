using Ludmin.Application.Common;
using Ludmin.Application.Common.Mapping;
using Ludmin.Application.Common.Models;
using Ludmin.Application.Common.Options;
using Ludmin.Domain.Common;
using Ludmin.Domain.Passkeys;
using Mediator;

namespace Ludmin.Application.Passkeys.RenamePasskey;

internal sealed class RenamePasskeyHandler(IPasskeyRepository passkeys, PasskeyOptions options) : ICommandHandler<RenamePasskeyCommand, PasskeyView>
{
    public async ValueTask<PasskeyView> Handle(RenamePasskeyCommand command, CancellationToken cancellationToken)
    {
        PasskeySwitch.EnsureEnabled(options);
        var userId = command.Caller.UserId ?? throw new DomainException(Errors.Forbidden, "Passkeys are renamed with a user token.");
        var name = PasskeyName.Create(command.Name);

        // A malformed id names no passkey: answered like an unknown one.
        var id = PasskeyId.TryParse(command.Id, out var parsed) ? parsed : throw new DomainException(Errors.PasskeyNotFound);
        var renamed = await ConflictRetry.RunAsync(async _ =>
        {
            var passkey = await passkeys.FindAsync(userId, id, cancellationToken) ?? throw new DomainException(Errors.PasskeyNotFound);
            passkey.Rename(name);
            await passkeys.UpdateAsync(passkey, cancellationToken);
            return passkey;
        });
        return renamed.ToView();
    }
}
