using Ludmin.Application.Common.Options;
using Ludmin.Application.Common.Ports;
using Ludmin.Domain.Common;
using Ludmin.Domain.Users;
using Mediator;

namespace Ludmin.Application.Tokens.Logout;

internal sealed class LogoutHandler(IUserRepository users, ISecurityEvents events, RefreshRotationOptions rotation, TimeProvider clock)
    : ICommandHandler<LogoutCommand>
{
    public async ValueTask<Unit> Handle(LogoutCommand command, CancellationToken cancellationToken)
    {
        var caller = command.Caller;
        var userId = caller.UserId ?? throw new DomainException(Errors.Forbidden, "Logging out needs a user token.");
        if (!DeviceId.TryParse(command.DeviceId, out var target))
        {
            throw new DomainException(Errors.DeviceNotFound);
        }

        var user = await users.FindByIdAsync(userId, cancellationToken);

        // The token may have expired (within the refresh window), but its own session must still be live.
        if (user is null || !caller.HoldsSessionOf(user))
        {
            throw new DomainException(Errors.SessionEnded);
        }

        // An expired token refreshes for 30 days, so a copy of one the owner has since replaced by
        // a refresh must not act on the session: only the newest generation (or the one just
        // replaced, within the grace, for a client whose refresh answer was lost) logs devices out.
        if (!user.HoldsCurrentGeneration(caller.DeviceId, caller.SessionId!.Value, caller.Generation, clock.GetUtcNow(), rotation.ReuseGrace))
        {
            throw new DomainException(Errors.TokenInvalid, "This token was replaced by a refresh; use the newest one.");
        }

        // Unlinking is unconditional in the store (no version): it cannot lose to another write
        // of the same user, and a device unlinked stays unlinked.
        user.Logout(target);
        await users.UpdateAsync(user, cancellationToken);

        events.LoggedOut(userId, caller.DeviceId, target, caller.ClientAddress);
        return Unit.Value;
    }
}
