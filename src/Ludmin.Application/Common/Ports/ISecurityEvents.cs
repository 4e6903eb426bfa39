using Ludmin.Domain.Passkeys;
using Ludmin.Domain.Users;

namespace Ludmin.Application.Common.Ports;

/// <summary>
/// What happened to accounts, for the security log and the metrics: who, on which device, and
/// from which client address (<see cref="Caller.ClientAddress"/>). Never a password, hash, code or token.
/// </summary>
public interface ISecurityEvents
{
    void LoginSucceeded(UserId userId, DeviceId deviceId, string clientAddress);

    /// <param name="userId">The account tried, when the address belongs to one.</param>
    void LoginFailed(UserId? userId, DeviceId deviceId, LoginFailure reason, string clientAddress);

    void LoggedOut(UserId userId, DeviceId byDevice, DeviceId loggedOutDevice, string clientAddress);

    void UserRegistered(UserId userId, string clientAddress);

    void PasswordChanged(UserId userId, UserId changedBy, DeviceId byDevice, string clientAddress);

    void EmailChanged(UserId userId, UserId changedBy, DeviceId byDevice, string clientAddress);

    /// <param name="userId">The account the code was issued for; null when the address is nobody's current one.</param>
    void ResetRequested(UserId? userId, string clientAddress);

    void ResetCompleted(UserId userId, string clientAddress);

    /// <param name="userId">The account, when the address belongs to one.</param>
    void ResetRefused(UserId? userId, string clientAddress);

    void MasterPromoted(UserId userId, bool created, string clientAddress);

    /// <param name="userId">The account closed.</param>
    /// <param name="deletedBy">The user who closed it: the same user, or a master.</param>
    /// <param name="sessionsEnded">How many device sessions ended with it.</param>
    void UserDeleted(UserId userId, UserId deletedBy, DeviceId byDevice, int sessionsEnded, string clientAddress);

    /// <summary>A wrong <c>current_password</c>, or one refused unseen while the account's count of them blocks (<paramref name="throttled"/>).</summary>
    void CurrentPasswordRefused(UserId userId, DeviceId byDevice, bool throttled, string clientAddress);

    /// <summary>A TOTP factor was confirmed: the account now needs a second factor at login.</summary>
    void SecondFactorEnrolled(UserId userId, DeviceId byDevice, string clientAddress);

    /// <param name="removedBy">The user who removed it: the same user, or a master (a lost phone).</param>
    void SecondFactorRemoved(UserId userId, UserId removedBy, DeviceId byDevice, string clientAddress);

    /// <summary>The second step of a login passed with <paramref name="kind"/> (<c>totp</c> or <c>recovery_code</c>).</summary>
    void SecondFactorPassed(UserId userId, DeviceId deviceId, string kind, string clientAddress);

    /// <param name="spent">Whether this failure spent the step (the fifth wrong code): the login must start again.</param>
    void SecondFactorFailed(UserId userId, DeviceId deviceId, SecondFactorFailure reason, bool spent, string clientAddress);

    /// <summary>A recovery code passed a login's second step; <paramref name="left"/> are still unused.</summary>
    void RecoveryCodeUsed(UserId userId, DeviceId deviceId, int left, string clientAddress);

    /// <summary>A new set of recovery codes replaced the old one, every unused old code void.</summary>
    void RecoveryCodesReplaced(UserId userId, DeviceId byDevice, string clientAddress);
    /// <summary>A master imported users (<c>POST /users/import</c>): how many were sent, created and already there; never who, nor any hash.</summary>
    void UsersImported(UserId importedBy, DeviceId byDevice, int sent, int created, int existing, string clientAddress);

    /// <summary>A refresh presented an old generation of a session past the grace: the session on <paramref name="deviceId"/> was ended.</summary>
    void RefreshReused(UserId userId, DeviceId deviceId, string clientAddress);

    void PasskeyAdded(UserId userId, DeviceId byDevice, PasskeyId passkeyId, string clientAddress);

    void PasskeyRemoved(UserId userId, DeviceId byDevice, PasskeyId passkeyId, string clientAddress);

    /// <summary>A passkey's assertion was accepted: a sign-in, or the second step of a login.</summary>
    void PasskeyUsed(UserId userId, DeviceId deviceId, PasskeyId passkeyId, CeremonyPurpose purpose, string clientAddress);

    /// <param name="userId">The account, when the answer named a credential of one.</param>
    void PasskeyRefused(UserId? userId, DeviceId deviceId, CeremonyPurpose purpose, PasskeyFailure reason, string clientAddress);
}
