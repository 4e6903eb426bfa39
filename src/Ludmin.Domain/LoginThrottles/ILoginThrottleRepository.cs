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

    /// <summary>Forgets the address's failures (a successful login, a password reset).</summary>
    Task DeleteAsync(string key, CancellationToken cancellationToken);

    /// <summary>Removes throttles whose <see cref="LoginThrottle.ExpiresAt"/> has passed; returns how many.</summary>
    Task<int> DeleteExpiredAsync(DateTimeOffset now, CancellationToken cancellationToken);
}
