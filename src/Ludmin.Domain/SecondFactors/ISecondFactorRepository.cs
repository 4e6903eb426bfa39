using Ludmin.Domain.Users;

namespace Ludmin.Domain.SecondFactors;

/// <summary>
/// Where each user's second factors are kept: the TOTP factor (pending or active) with its last
/// accepted step, and the recovery codes' hashes, as one record per user.
/// </summary>
public interface ISecondFactorRepository
{
    /// <summary>The user's factors; <see cref="SecondFactorSet.None"/> (version 0) when nothing is stored.</summary>
    Task<SecondFactorSet> FindAsync(UserId userId, CancellationToken cancellationToken);

    /// <summary>
    /// Writes <paramref name="factors"/> if the stored version is still <see cref="SecondFactorSet.Version"/>
    /// (0: none stored), in one compare-and-set, so a step or a recovery code racing another is
    /// accepted once; an empty set removes the record. Otherwise throws
    /// <see cref="Common.ConcurrencyException"/>. A user closed meanwhile is refused with
    /// <see cref="Common.Errors.UserNotFound"/> where the store can tell.
    /// </summary>
    Task SaveAsync(UserId userId, SecondFactorSet factors, DateTimeOffset now, CancellationToken cancellationToken);

    /// <summary>Removes pending enrolments past <see cref="TotpFactor.PendingUntil"/>; returns how many.</summary>
    Task<int> DeleteExpiredAsync(DateTimeOffset now, CancellationToken cancellationToken);
}
