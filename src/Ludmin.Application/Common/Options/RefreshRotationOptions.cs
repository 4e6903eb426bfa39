namespace Ludmin.Application.Common.Options;

/// <summary>
/// How refreshes rotate a session (<c>Ludmin:Tokens:RefreshReuseGrace</c>, bound and validated
/// with the other token settings by the infrastructure).
/// </summary>
public sealed class RefreshRotationOptions
{
    public static readonly TimeSpan DefaultReuseGrace = TimeSpan.FromSeconds(10);

    /// <summary>
    /// How long after a refresh the token it replaced may still refresh (getting a token of the
    /// current generation) before using it counts as reuse and ends the session.
    /// </summary>
    public TimeSpan ReuseGrace { get; init; } = DefaultReuseGrace;
}
