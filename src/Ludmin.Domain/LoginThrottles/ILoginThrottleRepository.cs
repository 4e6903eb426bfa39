namespace Ludmin.Domain.LoginThrottles;

/// <summary>Failed-login counts per address, shared by every API instance through the store.</summary>
public interface ILoginThrottleRepository
{
    Task<LoginThrottle?> FindAsync(string key, CancellationToken cancellationToken);

    /// <summary>
    /// Stores the throttle if the stored version is still <see cref="LoginThrottle.Version"/>
    /// (0: none stored yet); otherwise throws <see cref="Common.ConcurrencyException"/>.
    /// </summary>
    Task SaveAsync(LoginThrottle throttle, CancellationToken cancellationToken);

    /// <summary>
    /// Counts one failed login for the address at <paramref name="now"/> by
    /// <see cref="LoginThrottle.RecordFailure"/>'s rule, starting a throttle when none is stored,
    /// in one atomic operation of the store: failures racing for one address are all counted,
    /// none is lost to a version conflict. A failure while blocked changes no count but is still
    /// written, so it costs the store what any other failure costs.
    /// </summary>
    Task RecordFailureAsync(string key, DateTimeOffset now, LoginThrottlePolicy policy, CancellationToken cancellationToken);

    /// <summary>Forgets the address's failures (a successful login, a password reset).</summary>
    Task DeleteAsync(string key, CancellationToken cancellationToken);

    /// <summary>Removes throttles whose <see cref="LoginThrottle.ExpiresAt"/> has passed; returns how many.</summary>
    Task<int> DeleteExpiredAsync(DateTimeOffset now, CancellationToken cancellationToken);
}
