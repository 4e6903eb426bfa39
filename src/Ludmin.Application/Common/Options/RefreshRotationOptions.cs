namespace Ludmin.Application.Common.Options;

/// <summary>
/// How refreshes rotate a session (<c>Ludmin:Tokens:RefreshReuseGrace</c>, bound and validated
/// with the other token settings by the infrastructure).
/// </summary>
public sealed class RefreshRotationOptions
{
    /// <summary>
    /// Outlasts a store call's worst case (the longest store deadline by default, MongoDB's 15 s)
    /// plus a client's retry after 503, so a refresh stored but answered 503 is retried within it.
    /// </summary>
    public static readonly TimeSpan DefaultReuseGrace = TimeSpan.FromSeconds(30);

    /// <summary>
    /// How long after a refresh the token it replaced may still refresh (getting a token of the
    /// current generation) before using it counts as reuse and ends the session.
    /// </summary>
    public TimeSpan ReuseGrace { get; init; } = DefaultReuseGrace;
}
