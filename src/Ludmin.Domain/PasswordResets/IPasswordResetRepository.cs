using Ludmin.Domain.Users;

namespace Ludmin.Domain.PasswordResets;

/// <summary>Where reset codes are kept: at most one per user; expired ones are removed by the store.</summary>
public interface IPasswordResetRepository
{
    Task<PasswordReset?> FindAsync(UserId userId, CancellationToken cancellationToken);

    /// <summary>
    /// Stores a new code for the user, replacing (voiding) any older one. A store that can tell
    /// the user was deleted since it was read refuses with <see cref="Common.Errors.UserNotFound"/>.
    /// </summary>
    Task ReplaceAsync(PasswordReset reset, CancellationToken cancellationToken);

    /// <summary>Saves a failed attempt if the stored code and version are still the ones read; otherwise throws a concurrency error.</summary>
    Task UpdateAsync(PasswordReset reset, CancellationToken cancellationToken);

    /// <summary>Consumes the code: removes it if the stored code and version are still the ones read. False when somebody else got there first.</summary>
    Task<bool> TryConsumeAsync(PasswordReset reset, CancellationToken cancellationToken);

    /// <summary>Removes codes that expired before <paramref name="now"/>; returns how many.</summary>
    Task<int> DeleteExpiredAsync(DateTimeOffset now, CancellationToken cancellationToken);
}
