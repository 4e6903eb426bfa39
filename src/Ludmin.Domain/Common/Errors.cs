namespace Ludmin.Domain.Common;

/// <summary>
/// The one list of error codes Ludmin answers with. Codes are part of the public contract:
/// add new ones, never rename or reuse one. docs/api.md explains each to client developers.
/// </summary>
public static class Errors
{
    public static readonly Error ValidationFailed = new("validation_failed", ErrorKind.Validation, "The request is not valid.");
    public static readonly Error MalformedRequest = new("malformed_request", ErrorKind.Validation, "The request body could not be read as JSON.");
    public static readonly Error PayloadTooLarge = new("payload_too_large", ErrorKind.PayloadTooLarge, "The request body is too large.");
    public static readonly Error UnsupportedMediaType = new("unsupported_media_type", ErrorKind.UnsupportedMediaType, "The request body must be application/json.");
    public static readonly Error InvalidCredentials = new("invalid_credentials", ErrorKind.Unauthorized, "The email or password is not correct.");
    public static readonly Error TokenMissing = new("token_missing", ErrorKind.Unauthorized, "A token is required.");
    public static readonly Error TokenInvalid = new("token_invalid", ErrorKind.Unauthorized, "The token is not valid.");
    public static readonly Error TokenExpired = new("token_expired", ErrorKind.Unauthorized, "The token has expired; refresh it.");
    public static readonly Error SessionEnded = new("session_ended", ErrorKind.Unauthorized, "This device has been logged out.");
    public static readonly Error Forbidden = new("forbidden", ErrorKind.Forbidden, "The token does not allow this.");
    public static readonly Error DeviceMismatch = new("device_mismatch", ErrorKind.Forbidden, "The device in the path is not the token's device.");
    public static readonly Error CurrentPasswordInvalid = new("current_password_invalid", ErrorKind.Validation, "The current password is not correct.");
    public static readonly Error ResetCodeInvalid = new("reset_code_invalid", ErrorKind.Validation, "The reset code is not valid.");
    public static readonly Error NotFound = new("not_found", ErrorKind.NotFound, "There is nothing here.");
    public static readonly Error UserNotFound = new("user_not_found", ErrorKind.NotFound, "The user does not exist.");
    public static readonly Error DeviceNotFound = new("device_not_found", ErrorKind.NotFound, "The device is not linked to this user.");
    public static readonly Error MethodNotAllowed = new("method_not_allowed", ErrorKind.MethodNotAllowed, "This method is not allowed here.");
    public static readonly Error EmailInUse = new("email_in_use", ErrorKind.Conflict, "The email address is already in use.");
    public static readonly Error LastMaster = new("last_master", ErrorKind.Conflict, "The last master cannot be deleted; make another user a master first.");
    public static readonly Error ConcurrentUpdate = new("concurrent_update", ErrorKind.Conflict, "The resource was changed by another request; retry.");
    public static readonly Error RateLimited = new("rate_limited", ErrorKind.TooManyRequests, "Too many requests; retry later.");
    public static readonly Error ServerBusy = new("server_busy", ErrorKind.Unavailable, "The server is busy; retry later.");
    public static readonly Error StoreUnavailable = new("store_unavailable", ErrorKind.Unavailable, "The data store is not reachable; retry later.");
    public static readonly Error Internal = new("internal_error", ErrorKind.Internal, "An unexpected error occurred.");

    /// <summary>Every error, for documentation and tests that check the list stays consistent.</summary>
    public static IReadOnlyList<Error> All { get; } =
    [
        ValidationFailed, MalformedRequest, PayloadTooLarge, UnsupportedMediaType, InvalidCredentials,
        TokenMissing, TokenInvalid, TokenExpired, SessionEnded, Forbidden, DeviceMismatch, CurrentPasswordInvalid,
        ResetCodeInvalid, NotFound, UserNotFound, DeviceNotFound, MethodNotAllowed, EmailInUse,
        ConcurrentUpdate, RateLimited, ServerBusy, StoreUnavailable, Internal, LastMaster,
    ];
}
