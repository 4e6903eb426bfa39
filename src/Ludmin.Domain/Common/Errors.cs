namespace Ludmin.Domain.Common;

/// <summary>
/// The domain's errors: the rules and states a use case refuses with. Codes are part of the
/// public contract: add new ones, never rename or reuse one (nor take one the API's transport
/// errors use, <c>Api/ErrorHandling/ApiErrors.cs</c>). docs/api.md explains each to client developers.
/// </summary>
public static class Errors
{
    public static readonly Error ValidationFailed = new("validation_failed", ErrorKind.Invalid, "The request is not valid.");
    public static readonly Error InvalidCredentials = new("invalid_credentials", ErrorKind.Unauthenticated, "The email or password is not correct.");
    public static readonly Error TokenInvalid = new("token_invalid", ErrorKind.Unauthenticated, "The token is not valid.");
    public static readonly Error TokenExpired = new("token_expired", ErrorKind.Unauthenticated, "The token has expired; refresh it.");
    public static readonly Error SessionEnded = new("session_ended", ErrorKind.Unauthenticated, "This device has been logged out.");
    public static readonly Error Forbidden = new("forbidden", ErrorKind.Denied, "The token does not allow this.");
    public static readonly Error DeviceMismatch = new("device_mismatch", ErrorKind.Denied, "The device in the path is not the token's device.");
    public static readonly Error CurrentPasswordInvalid = new("current_password_invalid", ErrorKind.Invalid, "The current password is not correct.");
    public static readonly Error ResetCodeInvalid = new("reset_code_invalid", ErrorKind.Invalid, "The reset code is not valid.");
    public static readonly Error TotpCodeInvalid = new("totp_code_invalid", ErrorKind.Invalid, "The authenticator code does not confirm a pending TOTP enrolment.");
    public static readonly Error VerificationCodeInvalid = new("verification_code_invalid", ErrorKind.Invalid, "The verification code is not valid.");
    public static readonly Error SecondFactorInvalid = new("second_factor_invalid", ErrorKind.Unauthenticated, "The second-factor code is not valid.");
    public static readonly Error SecondFactorRequired = new("second_factor_required", ErrorKind.Denied, "This needs a token from a login with the second factor.");
    public static readonly Error EmailUnverified = new("email_unverified", ErrorKind.Denied, "The email address is not verified yet.");
    public static readonly Error TotpNotEnrolled = new("totp_not_enrolled", ErrorKind.Absent, "The user has no TOTP factor.");
    public static readonly Error TotpAlreadyActive = new("totp_already_active", ErrorKind.Collision, "A TOTP factor is already active; remove it before enrolling another.");
    public static readonly Error UserNotFound = new("user_not_found", ErrorKind.Absent, "The user does not exist.");
    public static readonly Error DeviceNotFound = new("device_not_found", ErrorKind.Absent, "The device is not linked to this user.");
    public static readonly Error EmailInUse = new("email_in_use", ErrorKind.Collision, "The email address is already in use.");
    public static readonly Error LastMaster = new("last_master", ErrorKind.Collision, "The last master cannot be deleted; make another user a master first.");
    public static readonly Error PasskeysDisabled = new("passkeys_disabled", ErrorKind.Absent, "Passkeys are not configured on this server.");
    public static readonly Error PasskeyNotFound = new("passkey_not_found", ErrorKind.Absent, "The user has no passkey with this id.");
    public static readonly Error PasskeyRegistrationInvalid = new("passkey_registration_invalid", ErrorKind.Invalid, "The authenticator's answer does not register a passkey.");
    public static readonly Error PasskeyChallengeInvalid = new("passkey_challenge_invalid", ErrorKind.Invalid, "The answer is not to a live challenge of this device: unknown, used, expired or for another ceremony. Ask for new options.");
    public static readonly Error PasskeyInvalid = new("passkey_invalid", ErrorKind.Unauthenticated, "The passkey's answer is not accepted.");
    public static readonly Error PasskeyCounterRegressed = new("passkey_counter_regressed", ErrorKind.Unauthenticated, "The passkey's signature counter did not move forward: a cloned authenticator or a replayed answer.");
    public static readonly Error PasskeyInUse = new("passkey_in_use", ErrorKind.Collision, "This credential is already registered.");
    public static readonly Error ConcurrentUpdate = new("concurrent_update", ErrorKind.Collision, "The resource was changed by another request; retry.");
    public static readonly Error ServerBusy = new("server_busy", ErrorKind.Unavailable, "The server is busy; retry later.");
    public static readonly Error StoreUnavailable = new("store_unavailable", ErrorKind.Unavailable, "The data store is not reachable; retry later.");

    /// <summary>Every domain error, for documentation and tests that check the list stays consistent.</summary>
    public static IReadOnlyList<Error> All { get; } =
    [
        ValidationFailed, InvalidCredentials, TokenInvalid, TokenExpired, SessionEnded, Forbidden, DeviceMismatch,
        CurrentPasswordInvalid, ResetCodeInvalid, UserNotFound, DeviceNotFound, EmailInUse, ConcurrentUpdate,
        ServerBusy, StoreUnavailable, LastMaster,
        TotpCodeInvalid, VerificationCodeInvalid, SecondFactorInvalid, SecondFactorRequired, EmailUnverified, TotpNotEnrolled, TotpAlreadyActive,
        PasskeysDisabled, PasskeyNotFound, PasskeyRegistrationInvalid, PasskeyChallengeInvalid, PasskeyInvalid, PasskeyCounterRegressed, PasskeyInUse,
    ];
}
