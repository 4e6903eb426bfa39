using Ludmin.Application.Common.Ports;
using Ludmin.Domain.Common;
using Ludmin.Domain.SecondFactors;
using Ludmin.Domain.Users;

namespace Ludmin.Application.Common;

/// <summary>
/// Removes the TOTP factor (pending or active) and with it the recovery codes, for both paths
/// (<c>DELETE /users/me/totp</c> and <c>DELETE /users/{id}/totp</c>). The caller's own needs the
/// current password and, while the caller's factor is active, a level-2 token; a master removes
/// another user's (a lost phone) without that user's password, and a security event says so.
/// </summary>
internal sealed class TotpRemoval(
    IUserRepository users, ISecondFactorRepository factors, CurrentPasswordCheck passwords, SecondFactorGuard secondFactor, ISecurityEvents events, TimeProvider clock)
{
    public async Task RemoveAsync(Caller caller, string idOrMe, string? currentPassword, CancellationToken cancellationToken)
    {
        var callerId = caller.UserId ?? throw new DomainException(Errors.Forbidden, "Removing a second factor needs a user token.");
        var targetId = TargetUser.AuthorizeSelfOrMaster(idOrMe, caller, callerId, "Only masters may remove other users' second factors.");
        var target = await users.FindByIdAsync(targetId, cancellationToken) ?? throw new DomainException(Errors.UserNotFound);
        await secondFactor.RequireForOwnAccountAsync(caller, callerId, cancellationToken);
        var password = currentPassword
            ?? (targetId == callerId ? throw new DomainException(Errors.CurrentPasswordInvalid, field: "current_password") : null);
        if (password is not null)
        {
            await passwords.VerifyAsync(password, caller, callerId, target, cancellationToken);
        }

        await ConflictRetry.RunAsync(async _ =>
        {
            var current = await factors.FindAsync(targetId, cancellationToken);
            await factors.SaveAsync(targetId, current.RemoveTotp(), clock.GetUtcNow(), cancellationToken);
            return true;
        });
        events.SecondFactorRemoved(targetId, callerId, caller.DeviceId, caller.ClientAddress);
    }
}
