using Ludmin.Domain.LoginThrottles;

namespace Ludmin.Infrastructure.Storage.Mongo;

/// <summary>Failed logins against one normalized address in <c>login_throttles</c> (<c>_id</c> = the address).</summary>
internal sealed class LoginThrottleDocument
{
    public required string Key { get; init; }

    public required int Failures { get; init; }

    public required DateTimeOffset LastFailureAt { get; init; }

    public required DateTimeOffset BlockedUntil { get; init; }

    /// <summary>The TTL index forgets the address's failures once this moment has passed.</summary>
    public required DateTimeOffset ExpiresAt { get; init; }

    public required long Version { get; init; }

    public static LoginThrottleDocument FromDomain(LoginThrottle throttle) => new()
    {
        Key = throttle.Key,
        Failures = throttle.Failures,
        LastFailureAt = throttle.LastFailureAt,
        BlockedUntil = throttle.BlockedUntil,
        ExpiresAt = throttle.ExpiresAt,
        Version = throttle.Version + 1,
    };

    public LoginThrottle ToDomain() => LoginThrottle.Restore(Key, Failures, LastFailureAt, BlockedUntil, ExpiresAt, Version);
}
