namespace Ludmin.Domain.Passkeys;

/// <summary>Where ceremony challenges wait for their answer: shared by every instance, each taken once.</summary>
public interface IPasskeyChallengeRepository
{
    Task AddAsync(PasskeyChallenge challenge, CancellationToken cancellationToken);

    /// <summary>
    /// Removes the challenge and returns it, in one operation, so that of two racing answers only
    /// one gets it; null when there is none (never issued, already taken, or swept after expiry).
    /// The caller still checks the expiry: a sweep may not have run yet.
    /// </summary>
    Task<PasskeyChallenge?> TakeAsync(string challenge, CancellationToken cancellationToken);

    /// <summary>Removes challenges that expired before <paramref name="now"/>; returns how many.</summary>
    Task<int> DeleteExpiredAsync(DateTimeOffset now, CancellationToken cancellationToken);
}
