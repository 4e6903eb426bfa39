using Ludmin.Application.Common.Ports;
using Ludmin.Domain.Common;
using Ludmin.Domain.Users;

namespace Ludmin.Application.Common;

/// <summary>The caller proves who they are with their own current password, also when a master acts on another user.</summary>
internal static class CallerPassword
{
    /// <summary>
    /// Checks the caller's password; returns the upgrade to run once the request's own change is
    /// saved (<see cref="PasswordUpgrade"/>) when the caller's hash asks for one (older parameters,
    /// or an imported hash), else null.
    /// </summary>
    /// <exception cref="DomainException"><c>current_password_invalid</c> when it is not the caller's password; <c>session_ended</c> when the caller is gone.</exception>
    public static async Task<Func<CancellationToken, Task>?> VerifyAsync(
        IUserRepository users, IPasswordHasher hasher, string password, UserId callerId, User target, CancellationToken cancellationToken)
    {
        var callerUser = target.Id == callerId ? target : await users.FindByIdAsync(callerId, cancellationToken)
            ?? throw new DomainException(Errors.SessionEnded);
        var verification = await hasher.VerifyAsync(password, callerUser.PasswordHash, cancellationToken);
        if (verification == PasswordVerification.Failed)
        {
            throw new DomainException(Errors.CurrentPasswordInvalid, field: "current_password");
        }

        var verifiedHash = callerUser.PasswordHash;
        return verification == PasswordVerification.SucceededRehashNeeded
            ? token => PasswordUpgrade.RunAsync(users, hasher, callerId, verifiedHash, password, token)
            : null;
    }
}
