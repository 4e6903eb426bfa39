namespace Ludmin.Domain.Users;

/// <summary>
/// What a store implements to write device changes: one method per kind of
/// <see cref="DeviceChange"/>, so adding a kind breaks the build of every store that has not
/// yet said how to write it.
/// </summary>
public interface IDeviceChangeVisitor<out TResult>
{
    TResult Visit(DeviceChange.Linked change);

    TResult Visit(DeviceChange.Relinked change);

    TResult Visit(DeviceChange.Touched change);

    TResult Visit(DeviceChange.Rotated change);

    TResult Visit(DeviceChange.GraceUsed change);

    TResult Visit(DeviceChange.Revoked change);

    TResult Visit(DeviceChange.Removed change);

    TResult Visit(DeviceChange.RemovedAllBut change);
}
