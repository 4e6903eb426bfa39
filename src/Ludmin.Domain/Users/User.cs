using Ludmin.Domain.Common;

namespace Ludmin.Domain.Users;

/// <summary>
/// A user: a name, an email history with exactly one current address, a password with its
/// history, the devices the user is logged in on, and the master flag. Every change goes
/// through a method named for what it means, which keeps the invariants.
/// </summary>
public sealed class User
{
    /// <summary>Previous password hashes kept; older ones are dropped.</summary>
    public const int PasswordHistoryLimit = 10;

    /// <summary>Linked devices kept; linking one more logs out the least recently used.</summary>
    public const int DeviceLimit = 50;

    /// <summary>Addresses one user may hold in the history; each stays reserved to that user.</summary>
    public const int EmailLimit = 50;

    /// <summary>
    /// A session whose refresh grace is used at two of its last this-many rotations ends as reused.
    /// The grace is for a refresh answer lost now and then; a copy of a token that follows the
    /// session (its holder refreshing right after each of the owner's refreshes) needs it at every
    /// rotation. Several uses at one rotation (tabs racing with one token) count as one.
    /// </summary>
    public const int GraceRotationWindow = 4;

    private readonly List<UserEmail> _emails;
    private readonly List<PasswordHash> _passwordHistory;
    private readonly List<LinkedDevice> _devices;
    private readonly List<DeviceChange> _deviceChanges = [];

    private User(
        UserId id,
        FullName fullName,
        List<UserEmail> emails,
        PasswordHash passwordHash,
        List<PasswordHash> passwordHistory,
        List<LinkedDevice> devices,
        bool isMaster,
        DateTimeOffset createdAt,
        DateTimeOffset updatedAt,
        long version)
    {
        Id = id;
        FullName = fullName;
        _emails = emails;
        PasswordHash = passwordHash;
        _passwordHistory = passwordHistory;
        _devices = devices;
        IsMaster = isMaster;
        CreatedAt = createdAt;
        UpdatedAt = updatedAt;
        Version = version;
    }

    public UserId Id { get; }

    public FullName FullName { get; private set; }

    public IReadOnlyList<UserEmail> Emails => _emails;

    public EmailAddress CurrentEmail => _emails.First(e => e.IsCurrent).Address;

    public PasswordHash PasswordHash { get; private set; }

    /// <summary>Hashes of earlier passwords, newest first. Never returned by the API.</summary>
    public IReadOnlyList<PasswordHash> PasswordHistory => _passwordHistory;

    public IReadOnlyList<LinkedDevice> Devices => _devices;

    public bool IsMaster { get; private set; }

    public DateTimeOffset CreatedAt { get; }

    public DateTimeOffset UpdatedAt { get; private set; }

    /// <summary>
    /// The stored version of the profile (name, addresses, password, master flag) this state was
    /// read at; the store refuses a profile save made from a stale one. Device sessions have
    /// guards of their own (<see cref="DeviceChanges"/>) and do not move it.
    /// </summary>
    public long Version { get; }

    /// <summary>Whether the name, addresses, password or master flag changed since the read: the store writes them under <see cref="Version"/>.</summary>
    public bool ProfileChanged { get; private set; }

    /// <summary>Whether the address history changed since the read (a subset of <see cref="ProfileChanged"/>).</summary>
    public bool EmailsChanged { get; private set; }

    /// <summary>
    /// Whether the current address or the password changed since the read: a reset code issued
    /// before is void, and the store removes it in the same write as the change.
    /// </summary>
    public bool CredentialsChanged { get; private set; }

    /// <summary>The changes to linked devices since the read, in order, each with its own guard.</summary>
    public IReadOnlyList<DeviceChange> DeviceChanges => _deviceChanges;

    public static User Register(UserId id, FullName fullName, EmailAddress email, PasswordHash passwordHash, DateTimeOffset now)
    {
        now = TimestampPrecision.Truncate(now);
        return new User(id, fullName, [new UserEmail(email, isCurrent: true, isVerified: false, now, now)], passwordHash, [], [], isMaster: false, now, now, version: 0);
    }

    /// <summary>
    /// A user brought over from another system with the hash it had there (or
    /// <see cref="PasswordHash.NoPassword"/>): no devices, the address verified only when the other
    /// system said so, and the creation time it had there (<paramref name="createdAt"/>) or now.
    /// </summary>
    public static User Import(UserId id, FullName fullName, EmailAddress email, bool emailVerified, PasswordHash passwordHash, DateTimeOffset? createdAt, DateTimeOffset now)
    {
        var created = TimestampPrecision.Truncate(createdAt ?? now);
        return new User(id, fullName, [new UserEmail(email, isCurrent: true, emailVerified, created, created)], passwordHash, [], [], isMaster: false, created, created, version: 0);
    }

    /// <summary>Rebuilds a stored user; refuses state that breaks an invariant rather than carrying it on.</summary>
    public static User Restore(
        UserId id,
        FullName fullName,
        IEnumerable<UserEmail> emails,
        PasswordHash passwordHash,
        IEnumerable<PasswordHash> passwordHistory,
        IEnumerable<LinkedDevice> devices,
        bool isMaster,
        DateTimeOffset createdAt,
        DateTimeOffset updatedAt,
        long version)
    {
        var emailList = emails.ToList();
        var deviceList = devices.ToList();
        if (emailList.Count(e => e.IsCurrent) != 1)
        {
            throw new InvalidOperationException($"Stored user {id} does not have exactly one current email.");
        }

        if (emailList.DistinctBy(e => e.Address.Normalized).Count() != emailList.Count
            || deviceList.DistinctBy(d => d.DeviceId).Count() != deviceList.Count)
        {
            throw new InvalidOperationException($"Stored user {id} holds a duplicate email or device.");
        }

        return new User(id, fullName, emailList, passwordHash, passwordHistory.ToList(), deviceList, isMaster, createdAt, updatedAt, version);
    }

    public void Rename(FullName fullName, DateTimeOffset now)
    {
        if (fullName == FullName)
        {
            return;
        }

        FullName = fullName;
        UpdatedAt = TimestampPrecision.Truncate(now);
        ProfileChanged = true;
    }

    /// <summary>
    /// Makes <paramref name="email"/> the current address: one from this user's history becomes
    /// current again; a new one is appended, unverified. Whether another user holds it is the
    /// store's to decide, atomically, when the user is saved.
    /// </summary>
    public EmailChange ChangeEmail(EmailAddress email, DateTimeOffset now)
    {
        now = TimestampPrecision.Truncate(now);
        var current = _emails.First(e => e.IsCurrent);
        if (current.Address.SameAddressAs(email))
        {
            return EmailChange.Unchanged;
        }

        var known = _emails.Find(e => e.Address.SameAddressAs(email));
        if (known is null && _emails.Count >= EmailLimit)
        {
            throw new DomainException(Errors.ValidationFailed, $"A user may hold at most {EmailLimit} email addresses.", "email");
        }

        current.MarkPast(now);
        UpdatedAt = now;
        ProfileChanged = true;
        EmailsChanged = true;
        CredentialsChanged = true;
        if (known is not null)
        {
            known.MarkCurrent(now);
            return EmailChange.Reactivated;
        }

        _emails.Add(new UserEmail(email, isCurrent: true, isVerified: false, now, now));
        return EmailChange.Added;
    }

    /// <summary>
    /// Sets a new password; the old hash goes to the history and every device but
    /// <paramref name="keepDevice"/> is logged out (whoever knew the old password is out). An
    /// imported hash is replaced, never kept: it is another system's, of a strength Ludmin did
    /// not choose, and gone for good once the user has a password of Ludmin's.
    /// </summary>
    public void ChangePassword(PasswordHash newHash, DeviceId? keepDevice, DateTimeOffset now)
    {
        if (!PasswordHash.IsImported)
        {
            _passwordHistory.Insert(0, PasswordHash);
        }

        if (_passwordHistory.Count > PasswordHistoryLimit)
        {
            _passwordHistory.RemoveRange(PasswordHistoryLimit, _passwordHistory.Count - PasswordHistoryLimit);
        }

        PasswordHash = newHash;
        _devices.RemoveAll(d => d.DeviceId != keepDevice);
        _deviceChanges.Add(new DeviceChange.RemovedAllBut(keepDevice));
        UpdatedAt = TimestampPrecision.Truncate(now);
        ProfileChanged = true;
        CredentialsChanged = true;
    }

    /// <summary>A password reset: like a change, but no device is trusted any more.</summary>
    public void ResetPassword(PasswordHash newHash, DateTimeOffset now) => ChangePassword(newHash, keepDevice: null, now);

    /// <summary>
    /// Replaces the hash of the same password with one made with newer parameters. Not a
    /// password change: no history, no logout.
    /// </summary>
    public void UpgradePasswordHash(PasswordHash rehashed)
    {
        PasswordHash = rehashed;
        ProfileChanged = true;
    }

    /// <summary>Whether a token of this device and session is still honoured.</summary>
    public bool HasSession(DeviceId deviceId, SessionId sessionId) =>
        _devices.Exists(d => d.DeviceId == deviceId && d.SessionId == sessionId);

    /// <summary>The current session of a linked device, for the tokens issued to it.</summary>
    public SessionId SessionOf(DeviceId deviceId) => FindDevice(deviceId).SessionId;

    /// <summary>
    /// Links a device after a login, or links it anew (a new session) when it already was. The
    /// link stands only while the password and current address are still the ones this state
    /// holds, which is what the login checked. Without a <paramref name="description"/> a linked
    /// device keeps the one it had (a new one has none).
    /// </summary>
    public void LinkDevice(DeviceId deviceId, DeviceDescription? description, DateTimeOffset now)
    {
        now = TimestampPrecision.Truncate(now);
        var credentials = new LoginCredentials(PasswordHash, CurrentEmail);
        var linked = _devices.Find(d => d.DeviceId == deviceId);
        if (linked is not null)
        {
            var previous = linked.SessionId;
            linked.Relink(description ?? linked.Description, now);
            _deviceChanges.Add(new DeviceChange.Relinked(linked, previous, credentials));
            return;
        }

        if (_devices.Count >= DeviceLimit)
        {
            var leastRecentlyUsed = _devices.MinBy(d => d.LastUsed)!;
            _devices.Remove(leastRecentlyUsed);
            _deviceChanges.Add(new DeviceChange.Removed(leastRecentlyUsed.DeviceId));
        }

        var device = LinkedDevice.Link(deviceId, description ?? DeviceDescription.Empty, now);
        _devices.Add(device);
        _deviceChanges.Add(new DeviceChange.Linked(device, credentials));
    }

    /// <summary>
    /// Ends every session but the one on <paramref name="deviceId"/>, and starts that one anew, as
    /// when a second factor is added: whoever held a session of the account before is out, and
    /// the caller's earlier tokens (of the lower assurance) are refused from the next request on.
    /// </summary>
    public void KeepOnlySession(DeviceId deviceId, DateTimeOffset now)
    {
        FindDevice(deviceId);
        _devices.RemoveAll(d => d.DeviceId != deviceId);
        _deviceChanges.Add(new DeviceChange.RemovedAllBut(deviceId));
        LinkDevice(deviceId, description: null, now);
    }

    /// <summary>Records that a linked device used its session (a token refresh).</summary>
    public void TouchDevice(DeviceId deviceId, DateTimeOffset now)
    {
        var device = FindDevice(deviceId);
        device.Touch(TimestampPrecision.Truncate(now));
        _deviceChanges.Add(new DeviceChange.Touched(device));
    }

    /// <summary>
    /// A refresh of the session <paramref name="sessionId"/> on <paramref name="deviceId"/> with a
    /// token of <paramref name="generation"/>. A token of the current generation moves the session
    /// to the next one. A token of the generation replaced at most <paramref name="reuseGrace"/>
    /// ago (a client that refreshed twice at once, or the loser of two racing refreshes) gets the
    /// current one, with no move, unless the grace was used at another of the last
    /// <see cref="GraceRotationWindow"/> rotations. Any other generation means a copy of a refresh
    /// credential was used after its holder had moved on: which of the two is the thief cannot be
    /// told, so the session ends for both, and the device is unlinked.
    /// </summary>
    public SessionRefresh RefreshSession(DeviceId deviceId, SessionId sessionId, long generation, DateTimeOffset now, TimeSpan reuseGrace)
    {
        now = TimestampPrecision.Truncate(now);
        var device = _devices.Find(d => d.DeviceId == deviceId && d.SessionId == sessionId);
        if (device is null)
        {
            return SessionRefresh.Ended;
        }

        if (generation == device.Generation)
        {
            device.Rotate(now);
            _deviceChanges.Add(new DeviceChange.Rotated(device, sessionId, generation, now));
            return SessionRefresh.Rotated;
        }

        if (device.WasJustReplaced(generation, now, reuseGrace))
        {
            return UseGrace(device, now);
        }

        return Revoke(device);
    }

    /// <summary>
    /// A refresh within the grace: a second one at the same rotation only touches the session (under
    /// the generation's guard, as the rotation is); the
    /// first at this rotation is recorded with a guard on the generation, so it is counted before
    /// the next rotation can happen; one within <see cref="GraceRotationWindow"/> rotations of the
    /// previous ends the session as reused.
    /// </summary>
    private SessionRefresh UseGrace(LinkedDevice device, DateTimeOffset now)
    {
        if (device.GraceGeneration == device.Generation)
        {
            device.Touch(now > device.LastUsed ? now : device.LastUsed);
            _deviceChanges.Add(new DeviceChange.Touched(device, expectedGeneration: device.Generation));
            return SessionRefresh.WithinGrace;
        }

        if (device.GraceGeneration is { } previous && device.Generation - previous < GraceRotationWindow)
        {
            return Revoke(device);
        }

        device.UseGrace(now);
        _deviceChanges.Add(new DeviceChange.GraceUsed(device, device.SessionId, device.Generation));
        return SessionRefresh.WithinGrace;
    }

    private SessionRefresh Revoke(LinkedDevice device)
    {
        var deviceId = device.DeviceId;
        var sessionId = device.SessionId;
        _devices.Remove(device);
        _deviceChanges.Add(new DeviceChange.Revoked(deviceId, sessionId));
        return SessionRefresh.Reused;
    }

    /// <summary>
    /// Whether a token of <paramref name="sessionId"/> at <paramref name="generation"/> still speaks
    /// for its session: the session lives and the token is of its current generation, or of the one
    /// the last refresh replaced at most <paramref name="reuseGrace"/> ago. A copy of a replaced
    /// token keeps working as an access token until it expires, but never acts on the session.
    /// </summary>
    public bool HoldsCurrentGeneration(DeviceId deviceId, SessionId sessionId, long generation, DateTimeOffset now, TimeSpan reuseGrace)
    {
        var device = _devices.Find(d => d.DeviceId == deviceId && d.SessionId == sessionId);
        return device is not null && (generation == device.Generation || device.WasJustReplaced(generation, TimestampPrecision.Truncate(now), reuseGrace));
    }

    /// <summary>The refresh generation of a linked device's session, for the tokens issued to it.</summary>
    public long GenerationOf(DeviceId deviceId) => FindDevice(deviceId).Generation;

    /// <summary>Unlinks a device: its tokens are refused from the next request on.</summary>
    public void Logout(DeviceId deviceId)
    {
        _devices.Remove(FindDevice(deviceId));
        _deviceChanges.Add(new DeviceChange.Removed(deviceId));
    }

    /// <summary>Makes this user a master. Returns false when the user already was one.</summary>
    public bool PromoteToMaster(DateTimeOffset now)
    {
        if (IsMaster)
        {
            return false;
        }

        IsMaster = true;
        UpdatedAt = TimestampPrecision.Truncate(now);
        ProfileChanged = true;
        return true;
    }

    private LinkedDevice FindDevice(DeviceId deviceId) =>
        _devices.Find(d => d.DeviceId == deviceId) ?? throw new DomainException(Errors.DeviceNotFound);
}
