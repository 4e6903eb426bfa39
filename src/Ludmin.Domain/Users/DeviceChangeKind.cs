namespace Ludmin.Domain.Users;

/// <summary>What happened to a linked device; see <see cref="DeviceChange"/> for the guard each kind carries.</summary>
public enum DeviceChangeKind
{
    /// <summary>A device not linked before was linked by a login.</summary>
    Linked,

    /// <summary>A linked device logged in again: a new session replaces the one read.</summary>
    Relinked,

    /// <summary>A session was used (a refresh): its <c>last_used</c> moves on.</summary>
    Touched,

    /// <summary>A device was unlinked: a logout, or the least recently used one making room.</summary>
    Removed,

    /// <summary>A refresh moved the session to its next generation (guarded by session and generation).</summary>
    Rotated,

    /// <summary>A replaced token used the refresh grace: the session's grace marker moves to its current generation (guarded by session and generation).</summary>
    GraceUsed,

    /// <summary>A session was ended because a refresh reused an old generation (guarded by the session).</summary>
    Revoked,

    /// <summary>Every device but one (or all) was unlinked, together with a password write.</summary>
    RemovedAllBut,
}
