namespace Ludmin.Domain.LoginThrottles;

/// <summary>
/// How failed logins slow an address down: <see cref="FreeFailures"/> are free, each further one
/// doubles a delay from <see cref="BaseDelay"/> up to <see cref="MaxDelay"/>, and a quiet
/// <see cref="ForgetAfter"/> starts the count over.
/// </summary>
public sealed record LoginThrottlePolicy(int FreeFailures, TimeSpan BaseDelay, TimeSpan MaxDelay, TimeSpan ForgetAfter)
{
    public static readonly LoginThrottlePolicy Default = new(5, TimeSpan.FromSeconds(30), TimeSpan.FromMinutes(15), TimeSpan.FromHours(12));

    /// <summary>The wait after the <paramref name="failures"/>th failure in a row; zero while failures are free.</summary>
    public TimeSpan DelayAfter(int failures)
    {
        if (failures < FreeFailures)
        {
            return TimeSpan.Zero;
        }

        var doublings = Math.Min(failures - FreeFailures, 30);
        var factor = Math.Pow(2, doublings);

        // Compared as a ratio before multiplying: BaseDelay * 2^30 is past the longest TimeSpan
        // (and throws) once BaseDelay is above about a quarter of an hour.
        return factor >= MaxDelay / BaseDelay ? MaxDelay : BaseDelay * factor;
    }

    /// <summary>
    /// When a throttle last failed at <paramref name="now"/> may be forgotten: after a quiet
    /// <see cref="ForgetAfter"/>, but never before its block ends, or the store would drop a
    /// throttle that still blocks (a <see cref="ForgetAfter"/> shorter than <see cref="MaxDelay"/>).
    /// </summary>
    public DateTimeOffset ExpiryAfter(DateTimeOffset now, DateTimeOffset blockedUntil)
    {
        var quiet = now + ForgetAfter;
        return quiet > blockedUntil ? quiet : blockedUntil;
    }
}
