using Ludmin.Domain.Users;

namespace Ludmin.Application.Common;

/// <summary>
/// Who sent a request, as the validated token says: its device, and for a user token the user
/// and whether the token carries the master grant.
/// </summary>
public sealed record Caller(DeviceId DeviceId, UserId? UserId, bool IsMaster)
{
    public static Caller Public(DeviceId deviceId) => new(deviceId, null, false);

    public static Caller ForUser(DeviceId deviceId, UserId userId, bool isMaster = false) => new(deviceId, userId, isMaster);

    public bool IsUser => UserId is not null;
}
