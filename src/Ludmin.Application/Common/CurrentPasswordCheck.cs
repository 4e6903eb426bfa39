using Ludmin.Application.Common.Options;
using Ludmin.Application.Common.Ports;
using Ludmin.Domain.Common;
using Ludmin.Domain.LoginThrottles;
using Ludmin.Domain.Users;

namespace Ludmin.Application.Common;

/// <summary>
/// The caller proves who they are with their own current password, also when a master acts on
/// another user. Every wrong one counts, per account, and is logged: past the slow-down's free
/// tries (<c>Ludmin:RateLimits:FailedLogins</c>), a check answers 429 for the slow-down's delay
/// without looking at the password, so a stolen token cannot be used to guess it. The count is
/// the account's own, apart from its address's login count, so it never holds the owner out of logins.
/// </summary>
internal sealed class CurrentPasswordCheck(
    IUserRepository users,
    IPasswordHasher hasher,
    ILoginThrottleRepository throttles,
    LoginThrottleOptions options,
    ISecurityEvents events,
    TimeProvider clock)
{
    /// <summary>
    /// Checks the caller's password; returns the upgrade to run once the request's own change is
    /// saved (<see cref="PasswordUpgrade"/>) when the caller's hash asks for one (older parameters,
    /// or an imported hash), else null.
    /// </summary>
    /// <exception cref="DomainException"><c>current_password_invalid</c> when it is not the caller's password; <c>session_ended</c> when the caller is gone.</exception>
    /// <exception cref="TooManyAttemptsException">Past the free wrong tries, until the slow-down's delay is over.</exception>
    public async Task<Func<CancellationToken, Task>?> VerifyAsync(string password, Caller caller, UserId callerId, User target, CancellationToken cancellationToken)
    {
        var callerUser = target.Id == callerId ? target : await users.FindByIdAsync(callerId, cancellationToken)
            ?? throw new DomainException(Errors.SessionEnded);
        var key = LoginThrottle.CurrentPasswordKey(callerId);
        var throttle = options.Enabled ? await throttles.FindAsync(key, cancellationToken) : null;
        var now = clock.GetUtcNow();
        if (throttle is not null && throttle.IsBlocked(now))
        {
            events.CurrentPasswordRefused(callerId, caller.DeviceId, throttled: true, caller.ClientAddress);
            throw new TooManyAttemptsException(throttle.BlockedUntil - now, "Too many wrong current passwords for this account; retry later.");
        }

        var verification = await hasher.VerifyAsync(password, callerUser.PasswordHash, cancellationToken);
        if (verification == PasswordVerification.Failed)
        {
            if (options.Enabled)
            {
                await throttles.RecordFailureAsync(key, clock.GetUtcNow(), options.ToPolicy(), cancellationToken);
            }

            events.CurrentPasswordRefused(callerId, caller.DeviceId, throttled: false, caller.ClientAddress);
            throw new DomainException(Errors.CurrentPasswordInvalid, field: "current_password");
        }

        if (throttle is not null)
        {
            await throttles.DeleteAsync(key, cancellationToken);
        }

        var verifiedHash = callerUser.PasswordHash;
        return verification == PasswordVerification.SucceededRehashNeeded
            ? token => PasswordUpgrade.RunAsync(users, hasher, callerId, verifiedHash, password, token)
            : null;
    }
}
