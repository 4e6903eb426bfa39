using Ludmin.Domain.Users;

namespace Ludmin.Application.Common.Ports;

/// <summary>
/// What happened to accounts, for the security log and the metrics: who, on which device (the
/// adapter adds the client address). Never a password, hash, code or token.
/// </summary>
public interface ISecurityEvents
{
    void LoginSucceeded(UserId userId, DeviceId deviceId);

    /// <param name="userId">The account tried, when the address belongs to one.</param>
    void LoginFailed(UserId? userId, DeviceId deviceId, LoginFailure reason);

    void LoggedOut(UserId userId, DeviceId byDevice, DeviceId loggedOutDevice);

    void UserRegistered(UserId userId);

    void PasswordChanged(UserId userId, UserId changedBy, DeviceId byDevice);

    void EmailChanged(UserId userId, UserId changedBy, DeviceId byDevice);

    /// <param name="userId">The account the code was issued for; null when the address is nobody's current one.</param>
    void ResetRequested(UserId? userId);

    void ResetCompleted(UserId userId);

    /// <param name="userId">The account, when the address belongs to one.</param>
    void ResetRefused(UserId? userId);

    void MasterPromoted(UserId userId, bool created);

    /// <param name="userId">The account closed.</param>
    /// <param name="deletedBy">The user who closed it: the same user, or a master.</param>
    /// <param name="sessionsEnded">How many device sessions ended with it.</param>
    void UserDeleted(UserId userId, UserId deletedBy, DeviceId byDevice, int sessionsEnded);
}
