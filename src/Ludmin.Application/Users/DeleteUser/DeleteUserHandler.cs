using Ludmin.Application.Common;
using Ludmin.Application.Common.Ports;
using Ludmin.Domain.Common;
using Ludmin.Domain.Users;
using Mediator;

namespace Ludmin.Application.Users.DeleteUser;

internal sealed class DeleteUserHandler(IUserRepository users, CurrentPasswordCheck passwords, SecondFactorGuard secondFactor, ISecurityEvents events)
    : ICommandHandler<DeleteUserCommand>
{
    public async ValueTask<Unit> Handle(DeleteUserCommand command, CancellationToken cancellationToken)
    {
        var caller = command.Caller;
        var callerId = caller.UserId ?? throw new DomainException(Errors.Forbidden, "Deleting a user needs a user token.");
        var targetId = TargetUser.AuthorizeSelfOrMaster(command.IdOrMe, caller, callerId, "Only masters may delete other users.");
        var target = await users.FindByIdAsync(targetId, cancellationToken) ?? throw new DomainException(Errors.UserNotFound);
        await secondFactor.RequireForOwnAccountAsync(caller, callerId, cancellationToken);

        // The caller's own password, as for an email or password change; a master closing
        // another account needs none, but one that was sent is not ignored. The validator requires
        // it for the caller's own account; an id it did not see as the caller's still needs it.
        var password = command.CurrentPassword
            ?? (targetId == callerId ? throw new DomainException(Errors.CurrentPasswordInvalid, field: "current_password") : null);
        var upgrade = password is null ? null : await passwords.VerifyAsync(password, caller, callerId, target, cancellationToken);

        // The store decides what is there to delete now, and whether a master is the last one.
        // A lost race (masters deleting each other at once) is tried again, as saves are.
        var deleted = await ConflictRetry.RunAsync(_ => users.DeleteAsync(targetId, cancellationToken))
            ?? throw new DomainException(Errors.UserNotFound);
        events.UserDeleted(targetId, callerId, caller.DeviceId, deleted.Devices.Count, caller.ClientAddress);
        if (upgrade is not null && targetId != callerId)
        {
            // A master who closed another account with an old or imported hash of its own.
            await upgrade(cancellationToken);
        }

        return Unit.Value;
    }
}
