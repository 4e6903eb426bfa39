namespace Ludmin.Domain.Users;

/// <summary>
/// One change to a user's linked devices since the user was read, in the order it was made.
/// Device sessions are not guarded by <see cref="User.Version"/>: each change carries its own,
/// narrower guard, so a login, a refresh and a profile edit of the same user never make each
/// other fail, while a password change still ends the other sessions in the same write.
/// </summary>
public sealed record DeviceChange
{
    private DeviceChange(DeviceChangeKind kind, DeviceId? deviceId, LinkedDevice? device, SessionId? expectedSession, LoginCredentials? credentials, long? expectedGeneration = null)
    {
        Kind = kind;
        DeviceId = deviceId;
        Device = device;
        ExpectedSession = expectedSession;
        Credentials = credentials;
        ExpectedGeneration = expectedGeneration;
    }

    public DeviceChangeKind Kind { get; }

    /// <summary>The device changed; for <see cref="DeviceChangeKind.RemovedAllBut"/> the one kept, if any.</summary>
    public DeviceId? DeviceId { get; }

    /// <summary>The device as it is now, for the kinds that write it (linked, relinked, touched).</summary>
    public LinkedDevice? Device { get; }

    /// <summary>The session that must still be the device's for the change to apply (relinked, touched).</summary>
    public SessionId? ExpectedSession { get; }

    /// <summary>For a rotation or a use of the grace: the generation the session must still be at (the compare-and-set two racing refreshes meet at).</summary>
    public long? ExpectedGeneration { get; }

    /// <summary>For a link: what the login proved; the store refuses the link once either changed.</summary>
    public LoginCredentials? Credentials { get; }

    /// <summary>Stored only if the device is still unlinked, the user holds fewer than <see cref="User.DeviceLimit"/> devices and <paramref name="credentials"/> still hold.</summary>
    internal static DeviceChange Linked(LinkedDevice device, LoginCredentials credentials) =>
        new(DeviceChangeKind.Linked, device.DeviceId, device, null, credentials);

    /// <summary>Stored only if the device still has <paramref name="previous"/> as its session and <paramref name="credentials"/> still hold.</summary>
    internal static DeviceChange Relinked(LinkedDevice device, SessionId previous, LoginCredentials credentials) =>
        new(DeviceChangeKind.Relinked, device.DeviceId, device, previous, credentials);

    /// <summary>Applied only while the session lives; never a conflict (a touch of an ended session changes nothing).</summary>
    internal static DeviceChange Touched(LinkedDevice device) =>
        new(DeviceChangeKind.Touched, device.DeviceId, device, device.SessionId, null);

    /// <summary>
    /// Stored only while the device still has <paramref name="session"/> at <paramref name="generation"/>:
    /// of two refreshes racing with the same token, one wins and the other is a conflict.
    /// </summary>
    internal static DeviceChange Rotated(LinkedDevice device, SessionId session, long generation) =>
        new(DeviceChangeKind.Rotated, device.DeviceId, device, session, null, generation);

    /// <summary>
    /// A replaced token used the refresh grace: the session's grace marker (<see cref="LinkedDevice.GraceGeneration"/>)
    /// is stored only while the device still has <paramref name="session"/> at <paramref name="generation"/>,
    /// so a use is counted before the next rotation can happen; a rotation meanwhile is a conflict.
    /// </summary>
    internal static DeviceChange GraceUsed(LinkedDevice device, SessionId session, long generation) =>
        new(DeviceChangeKind.GraceUsed, device.DeviceId, device, session, null, generation);

    /// <summary>
    /// A reused refresh ends the session: the device is unlinked only while it still has
    /// <paramref name="session"/> (a newer login on it stands), and it is a conflict when it no
    /// longer has, so the end is recorded once.
    /// </summary>
    internal static DeviceChange Revoked(DeviceId deviceId, SessionId session) =>
        new(DeviceChangeKind.Revoked, deviceId, null, session, null);

    /// <summary>Unconditional: an unlinked device stays unlinked whoever else wrote meanwhile.</summary>
    internal static DeviceChange Removed(DeviceId deviceId) =>
        new(DeviceChangeKind.Removed, deviceId, null, null, null);

    /// <summary>Part of the password write it comes with (guarded by the version like it), and removes devices linked since the read too.</summary>
    internal static DeviceChange RemovedAllBut(DeviceId? keep) =>
        new(DeviceChangeKind.RemovedAllBut, keep, null, null, null);
}
