using Ludmin.Domain.Users;
using static Ludmin.Infrastructure.Storage.Mongo.MongoUserRepository;

namespace Ludmin.Infrastructure.Storage.Mongo;

/// <summary>
/// The one update that stores each kind of <see cref="DeviceChange"/> of <paramref name="user"/>,
/// under that kind's guard (the filters and updates are <see cref="MongoUserRepository"/>'s, which
/// docs/operations.md lists).
/// </summary>
internal sealed class MongoDeviceChangeWrites(User user) : IDeviceChangeVisitor<MongoUserWrite>
{
    public MongoUserWrite Visit(DeviceChange.Linked change) => new(
        ById(user.Id) & StillHolds(change.Credentials) & WithoutDevice(change.Device.DeviceId) & WithRoomForADevice,
        Link(change.Device),
        null,
        MustMatch: true);

    public MongoUserWrite Visit(DeviceChange.Relinked change) => new(
        ById(user.Id) & StillHolds(change.Credentials) & DeviceHasSession(change.Device.DeviceId, change.PreviousSession),
        Relink(change.Device),
        DeviceElement(change.Device.DeviceId, change.PreviousSession),
        MustMatch: true);

    /// <summary>
    /// A plain touch of a session that ended meanwhile matches nothing, which is no conflict: it
    /// stays ended. A touch within the refresh grace is the rotation's compare-and-set on the
    /// generation: a rotation or an end meanwhile matches nothing, a conflict.
    /// </summary>
    public MongoUserWrite Visit(DeviceChange.Touched change) => change.ExpectedGeneration is { } expected
        ? new(
            ById(user.Id) & DeviceAtGeneration(change.Device.DeviceId, change.Session, expected),
            Touch(change.Device.LastUsed),
            DeviceElement(change.Device.DeviceId, change.Session),
            MustMatch: true)
        : new(
            WithSession(user.Id, change.Device.DeviceId, change.Session),
            Touch(change.Device.LastUsed),
            DeviceElement(change.Device.DeviceId, change.Session),
            MustMatch: false);

    /// <summary>The compare-and-set of a refresh: of two racing with one generation, one matches.</summary>
    public MongoUserWrite Visit(DeviceChange.Rotated change) => new(
        ById(user.Id) & DeviceAtGeneration(change.Device.DeviceId, change.Session, change.ExpectedGeneration),
        Rotate(change.Device, change.RotatedAt),
        DeviceElement(change.Device.DeviceId, change.Session),
        MustMatch: true);

    /// <summary>
    /// A use of the refresh grace, under the rotation's own guard (session and generation): it is
    /// counted before the next rotation can be, and a rotation meanwhile matches nothing, a conflict.
    /// </summary>
    public MongoUserWrite Visit(DeviceChange.GraceUsed change) => new(
        ById(user.Id) & DeviceAtGeneration(change.Device.DeviceId, change.Session, change.ExpectedGeneration),
        UseGrace(change.Device),
        DeviceElement(change.Device.DeviceId, change.Session),
        MustMatch: true);

    /// <summary>A reused refresh: the device goes while it still has the session (a newer login stands).</summary>
    public MongoUserWrite Visit(DeviceChange.Revoked change) => new(
        WithSession(user.Id, change.DeviceId, change.Session),
        RevokeSession(change.DeviceId, change.Session),
        null,
        MustMatch: true);

    public MongoUserWrite Visit(DeviceChange.Removed change) =>
        new(ById(user.Id), RemoveDevice(change.DeviceId), null, MustMatch: false);

    /// <summary>With the password it comes with, in one update: no other session outlives the old password.</summary>
    public MongoUserWrite Visit(DeviceChange.RemovedAllBut change) =>
        new(ByIdAndVersion(user.Id, user.Version), Profile(user, removeDevicesBut: change.Kept, removeDevices: true), null, MustMatch: true);
}
