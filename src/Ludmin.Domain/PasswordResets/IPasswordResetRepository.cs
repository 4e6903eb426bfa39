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

    /// <summary>
    /// Completes a reset as one step: consumes the code (if the stored code and version are still
    /// the ones read) and saves <paramref name="user"/>, its password reset, both or neither. False
    /// when somebody else used, replaced or spent the code first (nothing saved). When the save
    /// fails (the user changed since read: a concurrency error; the store: unavailable) the code is
    /// left as it was, so the owner can try again with it.
    /// </summary>
    Task<bool> TryCompleteAsync(PasswordReset reset, User user, CancellationToken cancellationToken);

    /// <summary>
    /// How many completions from <paramref name="clientAddress"/> were refused in its window that
    /// is still open at <paramref name="now"/>; 0 when there is none.
    /// </summary>
    Task<int> CountRefusalsAsync(string clientAddress, DateTimeOffset now, CancellationToken cancellationToken);

    /// <summary>
    /// Counts one refused completion in one write: against <paramref name="clientAddress"/> (its
    /// window runs <paramref name="window"/> from the first refusal and starts afresh once over),
    /// and, when <paramref name="guessed"/> is given, as a wrong try of that code if it is still
    /// the stored one (counted atomically, so racing tries are all counted).
    /// </summary>
    Task RecordRefusalAsync(string clientAddress, PasswordReset? guessed, DateTimeOffset now, TimeSpan window, CancellationToken cancellationToken);

    /// <summary>Removes codes, and refusal counts whose window ended, before <paramref name="now"/>; returns how many.</summary>
    Task<int> DeleteExpiredAsync(DateTimeOffset now, CancellationToken cancellationToken);
}
