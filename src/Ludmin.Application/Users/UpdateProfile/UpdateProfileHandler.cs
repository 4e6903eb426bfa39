using Ludmin.Application.Common;
using Ludmin.Application.Common.Mapping;
using Ludmin.Application.Common.Models;
using Ludmin.Application.Common.Ports;
using Ludmin.Domain.Common;
using Ludmin.Domain.Users;
using Mediator;

namespace Ludmin.Application.Users.UpdateProfile;

internal sealed class UpdateProfileHandler(IUserRepository users, IPasswordHasher hasher, ISecurityEvents events, TimeProvider clock)
    : ICommandHandler<UpdateProfileCommand, UserProfile>
{
    public async ValueTask<UserProfile> Handle(UpdateProfileCommand command, CancellationToken cancellationToken)
    {
        var caller = command.Caller;
        var callerId = caller.UserId ?? throw new DomainException(Errors.Forbidden, "Updating a user needs a user token.");
        var targetId = UserLookup.ResolveTarget(command.IdOrMe, caller);
        if (targetId != callerId && !caller.IsMaster)
        {
            throw new DomainException(Errors.Forbidden, "Only masters may update other users.");
        }

        var target = await users.LoadAsync(targetId, cancellationToken);
        if (command.ChangesCredentials)
        {
            // The caller proves who they are with their own password, also when a master acts on another user.
            var callerUser = targetId == callerId ? target : await users.FindByIdAsync(callerId, cancellationToken)
                ?? throw new DomainException(Errors.SessionEnded);
            var verification = await hasher.VerifyAsync(command.CurrentPassword!, callerUser.PasswordHash, cancellationToken);
            if (verification == PasswordVerification.Failed)
            {
                throw new DomainException(Errors.CurrentPasswordInvalid, field: "current_password");
            }
        }

        var fullName = command.FullName is null ? null : FullName.Create(command.FullName);
        var email = command.Email is null ? null : EmailAddress.Create(command.Email);
        var newHash = command.Password is null ? null : await hasher.HashAsync(command.Password, cancellationToken);

        var emailChanged = false;
        var updated = await ConflictRetry.RunAsync(async attempt =>
        {
            var user = attempt == 1 ? target : await users.LoadAsync(targetId, cancellationToken);
            var now = clock.GetUtcNow();
            if (fullName is not null)
            {
                user.Rename(fullName, now);
            }

            if (email is not null)
            {
                emailChanged = user.ChangeEmail(email, now) != EmailChange.Unchanged;
            }

            if (newHash is not null)
            {
                // Whoever knew the old password is logged out everywhere but on the device making the change.
                user.ChangePassword(newHash, keepDevice: targetId == callerId ? caller.DeviceId : null, now);
            }

            await users.UpdateAsync(user, cancellationToken);
            return user;
        });

        if (emailChanged)
        {
            events.EmailChanged(targetId, callerId, caller.DeviceId, caller.ClientAddress);
        }

        if (newHash is not null)
        {
            events.PasswordChanged(targetId, callerId, caller.DeviceId, caller.ClientAddress);
        }

        return updated.ToProfileFor(caller);
    }
}
