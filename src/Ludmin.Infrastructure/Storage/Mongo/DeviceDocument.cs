using Ludmin.Domain.Users;

namespace Ludmin.Infrastructure.Storage.Mongo;

/// <summary>A linked device, embedded in <see cref="UserDocument"/>.</summary>
internal sealed class DeviceDocument
{
    public required string DeviceId { get; init; }

    public required string Description { get; init; }

    public required string SessionId { get; init; }

    public required DateTimeOffset FirstSeen { get; init; }

    public required DateTimeOffset LastUsed { get; init; }

    public static DeviceDocument FromDomain(LinkedDevice device) => new()
    {
        DeviceId = device.DeviceId.Value,
        Description = device.Description.Value,
        SessionId = device.SessionId.Value,
        FirstSeen = device.FirstSeen,
        LastUsed = device.LastUsed,
    };

    public LinkedDevice ToDomain() =>
        LinkedDevice.Restore(Domain.Users.DeviceId.Parse(DeviceId), DeviceDescription.Create(Description), Domain.Users.SessionId.Parse(SessionId), FirstSeen, LastUsed);
}
