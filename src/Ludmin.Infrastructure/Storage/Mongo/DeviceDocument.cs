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

    /// <summary>The session's refresh generation; a document from before rotation has none, which reads as the first.</summary>
    public long Generation { get; init; } = LinkedDevice.FirstGeneration;

    /// <summary>When the current generation replaced the one before; absent until the first refresh.</summary>
    public DateTimeOffset? RotatedAt { get; init; }

    /// <summary>The generation at which a replaced token last used the refresh grace; absent while none has.</summary>
    public long? GraceGeneration { get; init; }

    public static DeviceDocument FromDomain(LinkedDevice device) => new()
    {
        DeviceId = device.DeviceId.Value,
        Description = device.Description.Value,
        SessionId = device.SessionId.Value,
        FirstSeen = device.FirstSeen,
        LastUsed = device.LastUsed,
        Generation = device.Generation,
        RotatedAt = device.RotatedAt,
        GraceGeneration = device.GraceGeneration,
    };

    public LinkedDevice ToDomain() =>
        LinkedDevice.Restore(Domain.Users.DeviceId.Parse(DeviceId), DeviceDescription.Create(Description), Domain.Users.SessionId.Parse(SessionId), FirstSeen, LastUsed, Generation, RotatedAt, GraceGeneration);
}
