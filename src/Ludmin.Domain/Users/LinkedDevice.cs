namespace Ludmin.Domain.Users;

/// <summary>A device a user is logged in on. A user token is honoured only while its device is linked.</summary>
public sealed class LinkedDevice
{
    /// <summary>The generation of a new session, and of every token and stored session from before rotation.</summary>
    public const long FirstGeneration = 0;

    private LinkedDevice(DeviceId deviceId, DeviceDescription description, SessionId sessionId, DateTimeOffset firstSeen, DateTimeOffset lastUsed, long generation, DateTimeOffset? rotatedAt, long? graceGeneration)
    {
        DeviceId = deviceId;
        Description = description;
        SessionId = sessionId;
        FirstSeen = firstSeen;
        LastUsed = lastUsed;
        Generation = generation;
        RotatedAt = rotatedAt;
        GraceGeneration = graceGeneration;
    }

    public DeviceId DeviceId { get; }

    public DeviceDescription Description { get; private set; }

    /// <summary>The current login on this device; only tokens of this session are honoured.</summary>
    public SessionId SessionId { get; private set; }

    public DateTimeOffset FirstSeen { get; }

    public DateTimeOffset LastUsed { get; private set; }

    /// <summary>
    /// How many times the session was refreshed: each refresh moves it on by one and its tokens
    /// carry it, so a token of an older generation shows a copy (see <see cref="User.RefreshSession"/>).
    /// A session starts at <see cref="FirstGeneration"/>, as do sessions and tokens from before rotation.
    /// </summary>
    public long Generation { get; private set; }

    /// <summary>When the previous generation was replaced by the current one; null before the first refresh.</summary>
    public DateTimeOffset? RotatedAt { get; private set; }

    /// <summary>
    /// The generation the session was at when a replaced token last used the grace (see
    /// <see cref="User.GraceRotationWindow"/>); null while it never has, as for every session
    /// stored before this was kept.
    /// </summary>
    public long? GraceGeneration { get; private set; }

    public static LinkedDevice Restore(
        DeviceId deviceId,
        DeviceDescription description,
        SessionId sessionId,
        DateTimeOffset firstSeen,
        DateTimeOffset lastUsed,
        long generation = FirstGeneration,
        DateTimeOffset? rotatedAt = null,
        long? graceGeneration = null) =>
        generation < FirstGeneration || graceGeneration < FirstGeneration || graceGeneration > generation
            ? throw new InvalidOperationException($"Stored device {deviceId} has a refresh generation out of range.")
            : new(deviceId, description, sessionId, firstSeen, lastUsed, generation, rotatedAt, graceGeneration);

    internal static LinkedDevice Link(DeviceId deviceId, DeviceDescription description, DateTimeOffset now) =>
        new(deviceId, description, SessionId.New(), now, now, FirstGeneration, null, null);

    /// <summary>A new login on a linked device: a new session, which ends the tokens of the previous one.</summary>
    internal void Relink(DeviceDescription description, DateTimeOffset now)
    {
        Description = description;
        SessionId = SessionId.New();
        LastUsed = now;
        Generation = FirstGeneration;
        RotatedAt = null;
        GraceGeneration = null;
    }

    internal void Touch(DateTimeOffset now) => LastUsed = now;

    /// <summary>A replaced token used the grace: recorded against the current generation.</summary>
    internal void UseGrace(DateTimeOffset now)
    {
        GraceGeneration = Generation;
        Touch(now > LastUsed ? now : LastUsed);
    }

    /// <summary>
    /// Whether <paramref name="generation"/> is the one the last refresh replaced, at most
    /// <paramref name="grace"/> before <paramref name="now"/>. Only that generation has a grace: an
    /// older one was replaced before <see cref="RotatedAt"/>, so at least as long ago. A clock
    /// behind the one that rotated counts as within.
    /// </summary>
    internal bool WasJustReplaced(long generation, DateTimeOffset now, TimeSpan grace) =>
        generation == Generation - 1 && RotatedAt is { } replacedAt && now - replacedAt <= grace;

    /// <summary>A refresh with a token of the current generation: the session moves to the next one.</summary>
    internal void Rotate(DateTimeOffset now)
    {
        Generation++;
        RotatedAt = now;
        LastUsed = now;
    }
}
