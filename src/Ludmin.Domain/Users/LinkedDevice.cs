namespace Ludmin.Domain.Users;

/// <summary>A device a user is logged in on. A user token is honoured only while its device is linked.</summary>
public sealed class LinkedDevice
{
    private LinkedDevice(DeviceId deviceId, DeviceDescription description, DateTimeOffset firstSeen, DateTimeOffset lastUsed)
    {
        DeviceId = deviceId;
        Description = description;
        FirstSeen = firstSeen;
        LastUsed = lastUsed;
    }

    public DeviceId DeviceId { get; }

    public DeviceDescription Description { get; private set; }

    public DateTimeOffset FirstSeen { get; }

    public DateTimeOffset LastUsed { get; private set; }

    public static LinkedDevice Restore(DeviceId deviceId, DeviceDescription description, DateTimeOffset firstSeen, DateTimeOffset lastUsed) =>
        new(deviceId, description, firstSeen, lastUsed);

    internal static LinkedDevice Link(DeviceId deviceId, DeviceDescription description, DateTimeOffset now) =>
        new(deviceId, description, now, now);

    internal void Relink(DeviceDescription description, DateTimeOffset now)
    {
        Description = description;
        LastUsed = now;
    }

    internal void Touch(DateTimeOffset now) => LastUsed = now;
}
