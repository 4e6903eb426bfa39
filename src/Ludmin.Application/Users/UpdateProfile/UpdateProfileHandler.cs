using Ludmin.Application.Common;
using Ludmin.Application.Common.Mapping;
using Ludmin.Application.Common.Models;
using Ludmin.Application.Common.Ports;
using Ludmin.Domain.Common;
using Ludmin.Domain.Passkeys;
using Ludmin.Domain.SecondFactors;
using Ludmin.Domain.Users;
using Mediator;

namespace Ludmin.Application.Users.UpdateProfile;

internal sealed class UpdateProfileHandler(
    IUserRepository users,
    IPasskeyRepository passkeys,
    IPasswordHasher hasher,
    CurrentPasswordCheck passwords,
    SecondFactorGuard secondFactor,
    ISecondFactorRepository factors,
    ISecurityEvents events,
    TimeProvider clock)
    : ICommandHandler<UpdateProfileCommand, UserProfile>
{
    public async ValueTask<UserProfile> Handle(UpdateProfileCommand command, CancellationToken cancellationToken)
    {
        var caller = command.Caller;
        var callerId = caller.UserId ?? throw new DomainException(Errors.Forbidden, "Updating a user needs a user token.");
        var fullName = command.FullName is null ? null : FullName.Create(command.FullName);
        var email = command.Email is null ? null : EmailAddress.Create(command.Email);
        var targetId = TargetUser.AuthorizeSelfOrMaster(command.IdOrMe, caller, callerId, "Only masters may update other users.");
        var target = await users.FindByIdAsync(targetId, cancellationToken) ?? throw new DomainException(Errors.UserNotFound);
        Func<CancellationToken, Task>? upgrade = null;
        if (command.ChangesCredentials)
        {
            await secondFactor.RequireForOwnAccountAsync(caller, callerId, cancellationToken);

            // The validator requires it for a credential change; without it nothing changes either way.
            var currentPassword = command.CurrentPassword ?? throw new DomainException(Errors.CurrentPasswordInvalid, field: "current_password");
            upgrade = await passwords.VerifyAsync(currentPassword, caller, callerId, target, cancellationToken);
        }

        var newHash = command.Password is null ? null : await hasher.HashAsync(command.Password, cancellationToken);
        var keepDevice = targetId == callerId ? caller.DeviceId : (DeviceId?)null;
        var (updated, emailChanged) = await ApplyAsync(target, fullName, email, newHash, keepDevice, cancellationToken);

        if (emailChanged)
        {
            events.EmailChanged(targetId, callerId, caller.DeviceId, caller.ClientAddress);
        }

        if (upgrade is not null)
        {
            // After the change: a caller who just set a new password has nothing left to upgrade.
            await upgrade(cancellationToken);
        }

        if (newHash is not null)
        {
            events.PasswordChanged(targetId, callerId, caller.DeviceId, caller.ClientAddress);
        }

        return await passkeys.CountedAsync(updated.ToProfileFor(caller, await factors.FindAsync(targetId, cancellationToken)), cancellationToken);
    }

    /// <summary>
    /// Applies every change to the user and saves it once, re-reading and re-applying when another
    /// write of the profile came first; answers the saved user and whether its current email changed.
    /// </summary>
    private Task<(User Updated, bool EmailChanged)> ApplyAsync(
        User target, FullName? fullName, EmailAddress? email, PasswordHash? newHash, DeviceId? keepDevice, CancellationToken cancellationToken) =>
        ConflictRetry.RunAsync(async attempt =>
        {
            var user = attempt == 1 ? target : (await users.FindByIdAsync(target.Id, cancellationToken) ?? throw new DomainException(Errors.UserNotFound));
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
