using Ludmin.Domain.Common;

namespace Ludmin.Domain.LoginThrottles;

/// <summary>
/// Failed logins against one email address (normalized), whether or not a user has it, so the
/// throttle itself tells nobody which addresses exist. Kept in the store, so every API instance
/// sees the same count.
/// </summary>
public sealed class LoginThrottle
{
    private LoginThrottle(string key, int failures, DateTimeOffset lastFailureAt, DateTimeOffset blockedUntil, DateTimeOffset expiresAt, long version)
    {
        Key = key;
        Failures = failures;
        LastFailureAt = lastFailureAt;
        BlockedUntil = blockedUntil;
        ExpiresAt = expiresAt;
        Version = version;
    }

    /// <summary>The normalized email address.</summary>
    public string Key { get; }

    public int Failures { get; private set; }

    public DateTimeOffset LastFailureAt { get; private set; }

    /// <summary>Until then, every login for the address is refused as if the password were wrong.</summary>
    public DateTimeOffset BlockedUntil { get; private set; }

    /// <summary>When the record may be forgotten (the store removes it).</summary>
    public DateTimeOffset ExpiresAt { get; private set; }

    /// <summary>The stored version; 0 for a throttle not stored yet.</summary>
    public long Version { get; }

    /// <summary>
    /// The key that counts wrong <c>current_password</c>s of one account (which no address can be,
    /// having no <c>@</c>): apart from the address's own, so a token's holder guessing the password
    /// slows those checks down without holding the owner out of logins.
    /// </summary>
    public static string CurrentPasswordKey(Users.UserId userId) => CurrentPasswordPrefix + userId.Value;

    /// <summary>The prefix of <see cref="CurrentPasswordKey"/>, as the stores match it when an account closes.</summary>
    public const string CurrentPasswordPrefix = "current_password:";

    public static LoginThrottle Start(string key)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(key);
        return new LoginThrottle(key, 0, DateTimeOffset.MinValue, DateTimeOffset.MinValue, DateTimeOffset.MinValue, version: 0);
    }

    public static LoginThrottle Restore(string key, int failures, DateTimeOffset lastFailureAt, DateTimeOffset blockedUntil, DateTimeOffset expiresAt, long version) =>
        new(key, failures, lastFailureAt, blockedUntil, expiresAt, version);

    public bool IsBlocked(DateTimeOffset now) => now < BlockedUntil;

    /// <summary>
    /// Counts a failed login. A failure while blocked is not counted: the wait stays what it was,
    /// so an attacker cannot hold the owner out for longer than the policy's cap.
    /// </summary>
    public void RecordFailure(DateTimeOffset now, LoginThrottlePolicy policy)
    {
        now = TimestampPrecision.Truncate(now);
        if (IsBlocked(now))
        {
            return;
        }

        if (now - LastFailureAt >= policy.ForgetAfter)
        {
            Failures = 0;
        }

        Failures++;
        LastFailureAt = now;
        BlockedUntil = now + policy.DelayAfter(Failures);
        ExpiresAt = policy.ExpiryAfter(now, BlockedUntil);
    }
}
