namespace Ludmin.Domain.Users;

/// <summary>A device a user is logged in on. A user token is honoured only while its device is linked.</summary>
public sealed class LinkedDevice
{
    private LinkedDevice(DeviceId deviceId, DeviceDescription description, SessionId sessionId, DateTimeOffset firstSeen, DateTimeOffset lastUsed)
    {
        DeviceId = deviceId;
        Description = description;
        SessionId = sessionId;
        FirstSeen = firstSeen;
        LastUsed = lastUsed;
    }

    public DeviceId DeviceId { get; }

    public DeviceDescription Description { get; private set; }

    /// <summary>The current login on this device; only tokens of this session are honoured.</summary>
    public SessionId SessionId { get; private set; }

    public DateTimeOffset FirstSeen { get; }

    public DateTimeOffset LastUsed { get; private set; }

    public static LinkedDevice Restore(DeviceId deviceId, DeviceDescription description, SessionId sessionId, DateTimeOffset firstSeen, DateTimeOffset lastUsed) =>
        new(deviceId, description, sessionId, firstSeen, lastUsed);

    internal static LinkedDevice Link(DeviceId deviceId, DeviceDescription description, DateTimeOffset now) =>
        new(deviceId, description, SessionId.New(), now, now);

    /// <summary>A new login on a linked device: a new session, which ends the tokens of the previous one.</summary>
    internal void Relink(DeviceDescription description, DateTimeOffset now)
    {
        Description = description;
        SessionId = SessionId.New();
        LastUsed = now;
    }

    internal void Touch(DateTimeOffset now) => LastUsed = now;
}
