using Ludmin.Domain.LoginThrottles;

namespace Ludmin.Storage.Tests.Contract;

/// <summary>Compares login throttles field by field: a store must give back exactly what it was given.</summary>
internal static class ThrottleAssert
{
    /// <summary>
    /// <paramref name="actual"/> holds what <paramref name="expected"/> held when it was saved,
    /// at the stored <paramref name="version"/> (a save moves the version on; the saved object keeps the one it was read at).
    /// </summary>
    public static void SameState(LoginThrottle? actual, LoginThrottle expected, long version)
    {
        Assert.That(actual, Is.Not.Null, "the throttle was not found");
        Assert.Multiple(() =>
        {
            Assert.That(actual!.Key, Is.EqualTo(expected.Key));
            Assert.That(actual.Failures, Is.EqualTo(expected.Failures));
            Assert.That(actual.LastFailureAt, Is.EqualTo(expected.LastFailureAt));
            Assert.That(actual.BlockedUntil, Is.EqualTo(expected.BlockedUntil));
            Assert.That(actual.ExpiresAt, Is.EqualTo(expected.ExpiresAt));
            Assert.That(actual.Version, Is.EqualTo(version));
        });
    }
}
