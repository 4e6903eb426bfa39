using Ludmin.Application.Common.Ports;
using Ludmin.Domain.Passkeys;
using Ludmin.Domain.Users;
using Ludmin.Infrastructure.Observability;
using Microsoft.Extensions.Logging;

namespace Ludmin.Infrastructure.Security;

/// <summary>
/// Security events as structured log entries (category <c>Ludmin.Security</c>, one event id
/// each) with the user, the device and the client address (the caller's, as the Api read it), and as metrics. The events carry
/// ids only: never a password, hash, code, token or email address.
/// </summary>
internal sealed partial class LoggingSecurityEvents(ILoggerFactory loggers, LudminMetrics metrics, OperationsMetrics operations) : ISecurityEvents
{
    public const string Category = "Ludmin.Security";

    private readonly ILogger _logger = loggers.CreateLogger(Category);

    public void LoginSucceeded(UserId userId, DeviceId deviceId, string clientAddress)
    {
        metrics.Logins.Add(1, new KeyValuePair<string, object?>("outcome", "succeeded"));
        LogLoginSucceeded(userId.Value, deviceId.Value, clientAddress);
    }

    public void LoginFailed(UserId? userId, DeviceId deviceId, LoginFailure reason, string clientAddress)
    {
        metrics.Logins.Add(1, new KeyValuePair<string, object?>("outcome", "failed"), new KeyValuePair<string, object?>("reason", Name(reason)));
        if (reason == LoginFailure.Throttled)
        {
            operations.RateLimitRefused("failed-logins");
        }

        LogLoginFailed(userId?.Value ?? "unknown", deviceId.Value, clientAddress, Name(reason));
    }

    public void LoggedOut(UserId userId, DeviceId byDevice, DeviceId loggedOutDevice, string clientAddress)
    {
        Count("logout");
        operations.SessionEnded("logout");
        LogLoggedOut(userId.Value, byDevice.Value, loggedOutDevice.Value, clientAddress);
    }

    public void UserRegistered(UserId userId, string clientAddress)
    {
        Count("registered");
        LogRegistered(userId.Value, clientAddress);
    }

    public void PasswordChanged(UserId userId, UserId changedBy, DeviceId byDevice, string clientAddress)
    {
        Count("password_changed");
        operations.SessionEnded("password_change");
        LogPasswordChanged(userId.Value, changedBy.Value, byDevice.Value, clientAddress);
    }

    public void EmailChanged(UserId userId, UserId changedBy, DeviceId byDevice, string clientAddress)
    {
        Count("email_changed");
        LogEmailChanged(userId.Value, changedBy.Value, byDevice.Value, clientAddress);
    }

    public void ResetRequested(UserId? userId, string clientAddress)
    {
        Count("reset_requested");
        LogResetRequested(userId?.Value ?? "none", clientAddress);
    }

    public void ResetCompleted(UserId userId, string clientAddress)
    {
        Count("reset_completed");
        operations.SessionEnded("reset");
        LogResetCompleted(userId.Value, clientAddress);
    }

    public void ResetRefused(UserId? userId, string clientAddress)
    {
        Count("reset_refused");
        LogResetRefused(userId?.Value ?? "unknown", clientAddress);
    }

    public void MasterPromoted(UserId userId, bool created, string clientAddress)
    {
        Count("master_promoted");
        LogMasterPromoted(userId.Value, created, clientAddress);
    }

    public void UserDeleted(UserId userId, UserId deletedBy, DeviceId byDevice, int sessionsEnded, string clientAddress)
    {
        Count("user_deleted");

        // The counter counts events that ended sessions, as for a password change or a reset
        // (one event, however many devices it logged out): an account without sessions ends none.
        if (sessionsEnded > 0)
        {
            operations.SessionEnded("deletion");
        }

        LogUserDeleted(userId.Value, deletedBy.Value, byDevice.Value, sessionsEnded, clientAddress);
    }

    public void UsersImported(UserId importedBy, DeviceId byDevice, int sent, int created, int existing, string clientAddress)
    {
        Count("users_imported");
        LogUsersImported(importedBy.Value, byDevice.Value, sent, created, existing, clientAddress);
    }

    public void RefreshReused(UserId userId, DeviceId deviceId, string clientAddress)
    {
        Count("refresh_reused");
        operations.SessionEnded("reuse");
        LogRefreshReused(userId.Value, deviceId.Value, clientAddress);
    }

    public void CurrentPasswordRefused(UserId userId, DeviceId byDevice, bool throttled, string clientAddress)
    {
        metrics.SecurityEvents.Add(1, new KeyValuePair<string, object?>("event", "current_password_refused"), new KeyValuePair<string, object?>("reason", throttled ? "throttled" : "wrong_password"));
        if (throttled)
        {
            operations.RateLimitRefused("current-password");
        }

        LogCurrentPasswordRefused(userId.Value, byDevice.Value, clientAddress, throttled ? "throttled" : "wrong_password");
    }

    public void SecondFactorEnrolled(UserId userId, DeviceId byDevice, string clientAddress)
    {
        Count("second_factor_enrolled");
        operations.SessionEnded("second_factor_enrolment");
        LogSecondFactorEnrolled(userId.Value, byDevice.Value, clientAddress);
    }

    public void SecondFactorRemoved(UserId userId, UserId removedBy, DeviceId byDevice, string clientAddress)
    {
        Count("second_factor_removed");
        LogSecondFactorRemoved(userId.Value, removedBy.Value, byDevice.Value, clientAddress);
    }

    public void SecondFactorPassed(UserId userId, DeviceId deviceId, string kind, string clientAddress)
    {
        metrics.SecurityEvents.Add(1, new KeyValuePair<string, object?>("event", "second_factor_passed"), new KeyValuePair<string, object?>("factor", kind));
        LogSecondFactorPassed(userId.Value, deviceId.Value, clientAddress, kind);
    }

    public void SecondFactorFailed(UserId userId, DeviceId deviceId, SecondFactorFailure reason, bool spent, string clientAddress)
    {
        metrics.SecurityEvents.Add(1, new KeyValuePair<string, object?>("event", "second_factor_failed"), new KeyValuePair<string, object?>("reason", Name(reason)));
        if (reason == SecondFactorFailure.Throttled)
        {
            operations.RateLimitRefused("failed-logins");
        }

        LogSecondFactorFailed(userId.Value, deviceId.Value, clientAddress, Name(reason), spent);
    }

    public void RecoveryCodeUsed(UserId userId, DeviceId deviceId, int left, string clientAddress)
    {
        Count("recovery_code_used");
        LogRecoveryCodeUsed(userId.Value, deviceId.Value, clientAddress, left);
    }

    public void RecoveryCodesReplaced(UserId userId, DeviceId byDevice, string clientAddress)
    {
        Count("recovery_codes_replaced");
        LogRecoveryCodesReplaced(userId.Value, byDevice.Value, clientAddress);
    }

    private static string Name(SecondFactorFailure reason) => reason switch
    {
        SecondFactorFailure.WrongCode => "wrong_code",
        SecondFactorFailure.ReusedCode => "reused_code",
        SecondFactorFailure.WrongRecoveryCode => "wrong_recovery_code",
        _ => "throttled",
    };

    public void PasskeyAdded(UserId userId, DeviceId byDevice, PasskeyId passkeyId, string clientAddress)
    {
        Count("passkey_added");
        metrics.PasskeyCeremonies.Add(1, new KeyValuePair<string, object?>("ceremony", "register"), new KeyValuePair<string, object?>("outcome", "succeeded"));
        LogPasskeyAdded(userId.Value, passkeyId.Value, byDevice.Value, clientAddress);
    }

    public void PasskeyRemoved(UserId userId, DeviceId byDevice, PasskeyId passkeyId, string clientAddress)
    {
        Count("passkey_removed");
        LogPasskeyRemoved(userId.Value, passkeyId.Value, byDevice.Value, clientAddress);
    }

    public void PasskeyUsed(UserId userId, DeviceId deviceId, PasskeyId passkeyId, CeremonyPurpose purpose, string clientAddress)
    {
        metrics.PasskeyCeremonies.Add(1, new KeyValuePair<string, object?>("ceremony", Name(purpose)), new KeyValuePair<string, object?>("outcome", "succeeded"));
        LogPasskeyUsed(userId.Value, passkeyId.Value, deviceId.Value, clientAddress, Name(purpose));
    }

    public void PasskeyRefused(UserId? userId, DeviceId deviceId, CeremonyPurpose purpose, PasskeyFailure reason, string clientAddress)
    {
        metrics.PasskeyCeremonies.Add(
            1,
            new KeyValuePair<string, object?>("ceremony", Name(purpose)),
            new KeyValuePair<string, object?>("outcome", "failed"),
            new KeyValuePair<string, object?>("reason", Name(reason)));
        if (reason == PasskeyFailure.CounterRegressed)
        {
            // Not a typo or a stale page: two authenticators hold one key, or an answer was replayed.
            Count("passkey_counter_regressed");
        }

        LogPasskeyRefused(userId?.Value ?? "unknown", deviceId.Value, clientAddress, Name(purpose), Name(reason));
    }

    private static string Name(CeremonyPurpose purpose) => purpose switch
    {
        CeremonyPurpose.Register => "register",
        CeremonyPurpose.SignIn => "sign_in",
        _ => "second_factor",
    };

    private static string Name(PasskeyFailure reason) => reason switch
    {
        PasskeyFailure.AnswerInvalid => "answer_invalid",
        PasskeyFailure.ChallengeInvalid => "challenge_invalid",
        PasskeyFailure.UnknownCredential => "unknown_credential",
        _ => "counter_regressed",
    };

    private static string Name(LoginFailure reason) => reason switch
    {
        LoginFailure.UnknownEmail => "unknown_email",
        LoginFailure.WrongPassword => "wrong_password",
        _ => "throttled",
    };

    private void Count(string name) => metrics.SecurityEvents.Add(1, new KeyValuePair<string, object?>("event", name));

    [LoggerMessage(EventId = 1001, EventName = "LoginSucceeded", Level = LogLevel.Information, Message = "Login succeeded for user {UserId} on device {DeviceId} from {ClientAddress}")]
    private partial void LogLoginSucceeded(string userId, string deviceId, string clientAddress);

    [LoggerMessage(EventId = 1002, EventName = "LoginFailed", Level = LogLevel.Warning, Message = "Login failed for user {UserId} on device {DeviceId} from {ClientAddress}: {Reason}")]
    private partial void LogLoginFailed(string userId, string deviceId, string clientAddress, string reason);

    [LoggerMessage(EventId = 1003, EventName = "LoggedOut", Level = LogLevel.Information, Message = "User {UserId} logged out device {LoggedOutDeviceId} from device {DeviceId} at {ClientAddress}")]
    private partial void LogLoggedOut(string userId, string deviceId, string loggedOutDeviceId, string clientAddress);

    [LoggerMessage(EventId = 1004, EventName = "UserRegistered", Level = LogLevel.Information, Message = "User {UserId} registered from {ClientAddress}")]
    private partial void LogRegistered(string userId, string clientAddress);

    [LoggerMessage(EventId = 1005, EventName = "PasswordChanged", Level = LogLevel.Information, Message = "Password of user {UserId} changed by {ChangedBy} on device {DeviceId} from {ClientAddress}")]
    private partial void LogPasswordChanged(string userId, string changedBy, string deviceId, string clientAddress);

    [LoggerMessage(EventId = 1006, EventName = "EmailChanged", Level = LogLevel.Information, Message = "Email of user {UserId} changed by {ChangedBy} on device {DeviceId} from {ClientAddress}")]
    private partial void LogEmailChanged(string userId, string changedBy, string deviceId, string clientAddress);

    [LoggerMessage(EventId = 1007, EventName = "ResetRequested", Level = LogLevel.Information, Message = "Password reset requested for user {UserId} from {ClientAddress}")]
    private partial void LogResetRequested(string userId, string clientAddress);

    [LoggerMessage(EventId = 1008, EventName = "ResetCompleted", Level = LogLevel.Information, Message = "Password reset completed for user {UserId} from {ClientAddress}")]
    private partial void LogResetCompleted(string userId, string clientAddress);

    [LoggerMessage(EventId = 1009, EventName = "ResetRefused", Level = LogLevel.Warning, Message = "Password reset refused for user {UserId} from {ClientAddress}")]
    private partial void LogResetRefused(string userId, string clientAddress);

    [LoggerMessage(EventId = 1010, EventName = "MasterPromoted", Level = LogLevel.Warning, Message = "User {UserId} made a master (created: {Created}) from {ClientAddress}")]
    private partial void LogMasterPromoted(string userId, bool created, string clientAddress);

    [LoggerMessage(EventId = 1012, EventName = "UserDeleted", Level = LogLevel.Warning, Message = "User {UserId} deleted by {DeletedBy} on device {DeviceId} from {ClientAddress}; {SessionsEnded} sessions ended")]
    private partial void LogUserDeleted(string userId, string deletedBy, string deviceId, int sessionsEnded, string clientAddress);

    [LoggerMessage(EventId = 1030, EventName = "CurrentPasswordRefused", Level = LogLevel.Warning, Message = "Current password refused for user {UserId} on device {DeviceId} from {ClientAddress}: {Reason}")]
    private partial void LogCurrentPasswordRefused(string userId, string deviceId, string clientAddress, string reason);

    [LoggerMessage(EventId = 1031, EventName = "SecondFactorEnrolled", Level = LogLevel.Warning, Message = "TOTP factor enrolled for user {UserId} on device {DeviceId} from {ClientAddress}; other sessions ended")]
    private partial void LogSecondFactorEnrolled(string userId, string deviceId, string clientAddress);

    [LoggerMessage(EventId = 1032, EventName = "SecondFactorRemoved", Level = LogLevel.Warning, Message = "TOTP factor of user {UserId} removed by {RemovedBy} on device {DeviceId} from {ClientAddress}")]
    private partial void LogSecondFactorRemoved(string userId, string removedBy, string deviceId, string clientAddress);

    [LoggerMessage(EventId = 1033, EventName = "SecondFactorPassed", Level = LogLevel.Information, Message = "Second factor passed for user {UserId} on device {DeviceId} from {ClientAddress}: {Factor}")]
    private partial void LogSecondFactorPassed(string userId, string deviceId, string clientAddress, string factor);

    [LoggerMessage(EventId = 1034, EventName = "SecondFactorFailed", Level = LogLevel.Warning, Message = "Second factor failed for user {UserId} on device {DeviceId} from {ClientAddress}: {Reason} (step spent: {Spent})")]
    private partial void LogSecondFactorFailed(string userId, string deviceId, string clientAddress, string reason, bool spent);

    [LoggerMessage(EventId = 1035, EventName = "RecoveryCodeUsed", Level = LogLevel.Warning, Message = "Recovery code used for user {UserId} on device {DeviceId} from {ClientAddress}; {Left} left")]
    private partial void LogRecoveryCodeUsed(string userId, string deviceId, string clientAddress, int left);

    [LoggerMessage(EventId = 1036, EventName = "RecoveryCodesReplaced", Level = LogLevel.Warning, Message = "Recovery codes of user {UserId} replaced on device {DeviceId} from {ClientAddress}")]
    private partial void LogRecoveryCodesReplaced(string userId, string deviceId, string clientAddress);
    [LoggerMessage(EventId = 1060, EventName = "UsersImported", Level = LogLevel.Warning, Message = "Master {UserId} on device {DeviceId} from {ClientAddress} imported users: {Sent} sent, {Created} created, {Existing} already there")]
    private partial void LogUsersImported(string userId, string deviceId, int sent, int created, int existing, string clientAddress);

    [LoggerMessage(EventId = 1020, EventName = "RefreshReused", Level = LogLevel.Warning, Message = "Refresh of an old generation for user {UserId} on device {DeviceId} from {ClientAddress}: the session was ended")]
    private partial void LogRefreshReused(string userId, string deviceId, string clientAddress);

    [LoggerMessage(EventId = 1050, EventName = "PasskeyAdded", Level = LogLevel.Information, Message = "Passkey {PasskeyId} added to user {UserId} on device {DeviceId} from {ClientAddress}")]
    private partial void LogPasskeyAdded(string userId, string passkeyId, string deviceId, string clientAddress);

    [LoggerMessage(EventId = 1051, EventName = "PasskeyRemoved", Level = LogLevel.Information, Message = "Passkey {PasskeyId} of user {UserId} removed on device {DeviceId} from {ClientAddress}")]
    private partial void LogPasskeyRemoved(string userId, string passkeyId, string deviceId, string clientAddress);

    [LoggerMessage(EventId = 1052, EventName = "PasskeyUsed", Level = LogLevel.Information, Message = "Passkey {PasskeyId} of user {UserId} accepted on device {DeviceId} from {ClientAddress} ({Ceremony})")]
    private partial void LogPasskeyUsed(string userId, string passkeyId, string deviceId, string clientAddress, string ceremony);

    [LoggerMessage(EventId = 1053, EventName = "PasskeyRefused", Level = LogLevel.Warning, Message = "Passkey refused for user {UserId} on device {DeviceId} from {ClientAddress} ({Ceremony}): {Reason}")]
    private partial void LogPasskeyRefused(string userId, string deviceId, string clientAddress, string ceremony, string reason);
}
