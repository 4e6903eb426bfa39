using Ludmin.Domain.LoginThrottles;

namespace Ludmin.Storage.Tests.Contract;

/// <summary>Builds login throttles for storage tests, at the fixed times of <see cref="Users.Epoch"/>.</summary>
internal static class Throttles
{
    /// <summary>A policy under which no count blocks the address, so every failure is counted.</summary>
    public static readonly LoginThrottlePolicy NeverBlocking = new(1_000, TimeSpan.FromSeconds(30), TimeSpan.FromMinutes(15), TimeSpan.FromHours(12));

    /// <summary>A normalized address nobody else uses in this test run.</summary>
    public static string UniqueKey() => Users.UniqueEmail("throttled").ToLowerInvariant();

    /// <summary>
    /// A throttle not stored yet whose fields all differ from one another, so a store that
    /// mixed two of them up would not give it back unchanged.
    /// </summary>
    public static LoginThrottle Unsaved(string key, DateTimeOffset? expiresAt = null) =>
        LoginThrottle.Restore(
            key,
            failures: 7,
            lastFailureAt: Users.Epoch.AddMilliseconds(1),
            blockedUntil: Users.Epoch.AddMinutes(8).AddMilliseconds(3),
            expiresAt: expiresAt ?? Users.Epoch.AddHours(12).AddMilliseconds(5),
            version: 0);

    /// <summary>The first failure for <paramref name="key"/>, as a login records it.</summary>
    public static LoginThrottle FirstFailure(string key, DateTimeOffset at)
    {
        var throttle = LoginThrottle.Start(key);
        throttle.RecordFailure(at, LoginThrottlePolicy.Default);
        return throttle;
    }
}
