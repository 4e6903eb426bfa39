using Ludmin.Domain.Users;

namespace Ludmin.Application.Common;

/// <summary>
/// Who sent a request, as the validated token says: its device, and for a user token the user,
/// the login session, its refresh generation (<see cref="LinkedDevice.FirstGeneration"/> for a token
/// from before rotation) and whether the token carries the master grant.
/// </summary>
public sealed record Caller(DeviceId DeviceId, UserId? UserId, bool IsMaster, SessionId? SessionId = null, long Generation = LinkedDevice.FirstGeneration)
{
    public static Caller Public(DeviceId deviceId) => new(deviceId, null, false);

    public static Caller ForUser(DeviceId deviceId, UserId userId, bool isMaster = false, SessionId? sessionId = null, long generation = LinkedDevice.FirstGeneration) =>
        new(deviceId, userId, isMaster, sessionId, generation);

    /// <summary>Whether the caller's own session is still live in the stored user.</summary>
    public bool HoldsSessionOf(User user) =>
        UserId == user.Id && SessionId is { } session && user.HasSession(DeviceId, session);
}
