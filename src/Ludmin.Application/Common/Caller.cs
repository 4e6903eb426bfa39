using Ludmin.Domain.SecondFactors;
using Ludmin.Domain.Users;

namespace Ludmin.Application.Common;

/// <summary>
/// Who sent a request, as the validated token says: its device, and for a user token the user,
/// the login session, its refresh generation (<see cref="LinkedDevice.FirstGeneration"/> for a token
/// from before rotation) and whether the token carries the master grant; and where the request
/// came from, for the security log.
/// </summary>
public sealed record Caller(DeviceId DeviceId, UserId? UserId, bool IsMaster, SessionId? SessionId = null, long Generation = LinkedDevice.FirstGeneration)
{
    /// <summary>The client address of work started inside the process (start-up, the command line), or of a request without one.</summary>
    public const string LocalAddress = "local";

    /// <summary>The client's address as the Api reads it from the connection (after forwarded headers), the one the rate limits count.</summary>
    public string ClientAddress { get; init; } = LocalAddress;

    public static Caller Public(DeviceId deviceId) => new(deviceId, null, false);

    public static Caller ForUser(DeviceId deviceId, UserId userId, bool isMaster = false, SessionId? sessionId = null, long generation = LinkedDevice.FirstGeneration) =>
        new(deviceId, userId, isMaster, sessionId, generation);

    /// <summary>
    /// What the caller's login proved (the token's <c>aal</c> and <c>amr</c>): a password alone
    /// unless the token says a second factor passed too. A token from before second factors has neither.
    /// </summary>
    public Assurance Assurance { get; init; } = Assurance.PasswordOnly;

    /// <summary>Whether the caller's own session is still live in the stored user.</summary>
    public bool HoldsSessionOf(User user) =>
        UserId == user.Id && SessionId is { } session && user.HasSession(DeviceId, session);
}
