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
        var targetId = AuthorizedTarget(command.IdOrMe, caller, callerId);
        var target = await users.LoadAsync(targetId, cancellationToken);
        if (command.Credentials is { } credentials)
        {
            await VerifyCallerPasswordAsync(credentials.CurrentPassword, callerId, target, cancellationToken);
        }

        var newHash = command.Credentials?.NewPassword is { } newPassword ? await hasher.HashAsync(newPassword, cancellationToken) : null;
        var keepDevice = targetId == callerId ? caller.DeviceId : (DeviceId?)null;
        var (updated, emailChanged) = await ApplyAsync(target, command.FullName, command.Credentials?.Email, newHash, keepDevice, cancellationToken);

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

    /// <summary>The user to change: the caller, or anyone for a master.</summary>
    private static UserId AuthorizedTarget(string idOrMe, Caller caller, UserId callerId)
    {
        var targetId = UserLookup.ResolveTarget(idOrMe, caller);
        return targetId == callerId || caller.IsMaster
            ? targetId
            : throw new DomainException(Errors.Forbidden, "Only masters may update other users.");
    }

    /// <summary>The caller proves who they are with their own password, also when a master acts on another user.</summary>
    private async Task VerifyCallerPasswordAsync(string currentPassword, UserId callerId, User target, CancellationToken cancellationToken)
    {
        var callerUser = target.Id == callerId ? target : await users.FindByIdAsync(callerId, cancellationToken)
            ?? throw new DomainException(Errors.SessionEnded);
        var verification = await hasher.VerifyAsync(currentPassword, callerUser.PasswordHash, cancellationToken);
        if (verification == PasswordVerification.Failed)
        {
            throw new DomainException(Errors.CurrentPasswordInvalid, field: "current_password");
        }
    }

    /// <summary>
    /// Applies every change to the user and saves it once, re-reading and re-applying when another
    /// write of the profile came first; answers the saved user and whether its current email changed.
    /// </summary>
    private Task<(User Updated, bool EmailChanged)> ApplyAsync(
        User target, FullName? fullName, EmailAddress? email, PasswordHash? newHash, DeviceId? keepDevice, CancellationToken cancellationToken) =>
        ConflictRetry.RunAsync(async attempt =>
        {
            var user = attempt == 1 ? target : await users.LoadAsync(target.Id, cancellationToken);
            var now = clock.GetUtcNow();
            if (fullName is not null)
            {
                user.Rename(fullName, now);
            }

            var emailChanged = email is not null && user.ChangeEmail(email, now) != EmailChange.Unchanged;
            if (newHash is not null)
            {
                // Whoever knew the old password is logged out everywhere but on the device making the change.
                user.ChangePassword(newHash, keepDevice, now);
            }

            await users.UpdateAsync(user, cancellationToken);
            return (user, emailChanged);
        });
}
