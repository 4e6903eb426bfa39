namespace Ludmin.Domain.Users;

/// <summary>What a refresh did to its session (<see cref="User.RefreshSession"/>).</summary>
public enum SessionRefresh
{
    /// <summary>The token was of the current generation: the session moved to the next one.</summary>
    Rotated,

    /// <summary>
    /// The token was of the generation replaced less than the grace ago (a client that refreshed
    /// twice at once): the session goes on at the generation it has.
    /// </summary>
    WithinGrace,

    /// <summary>The token was of an older generation, past the grace: a copy was used, so the session ended.</summary>
    Reused,

    /// <summary>The session had already ended (logout, password change or reset, a newer login, an earlier reuse).</summary>
    Ended,
}
