namespace Ludmin.Domain.Users;

/// <summary>
/// Where users are kept. Every save is atomic and versioned: a save made from a stale read
/// throws <see cref="Common.ConcurrencyException"/>; an address held by another user (current
/// or past) throws a <see cref="Common.DomainException"/> with <see cref="Common.Errors.EmailInUse"/>,
/// decided by the store's unique index, not by a read before the write.
/// </summary>
public interface IUserRepository
{
    Task<User?> FindByIdAsync(UserId id, CancellationToken cancellationToken);

    /// <summary>Finds the user holding the address now or in the past.</summary>
    Task<User?> FindByEmailAsync(EmailAddress email, CancellationToken cancellationToken);

    /// <summary>
    /// Whether the user exists and has the device linked by this login session: the check every
    /// user-token request makes, so it reads no more than that (see <see cref="User.HasSession"/>).
    /// </summary>
    Task<bool> HasSessionAsync(UserId id, DeviceId deviceId, SessionId sessionId, CancellationToken cancellationToken);

    /// <summary>Users in creation order.</summary>
    Task<IReadOnlyList<User>> ListAsync(int skip, int take, CancellationToken cancellationToken);

    /// <summary>
    /// Users in creation order that come strictly after <paramref name="after"/>: a seek on the
    /// creation index, so a deep page costs what the first one does (unlike a skip).
    /// </summary>
    Task<IReadOnlyList<User>> ListAfterAsync(UserListPosition after, int take, CancellationToken cancellationToken);

    Task<long> CountAsync(CancellationToken cancellationToken);

    /// <summary>Whether any user is a master: the bootstrap settings make one only in a store that has none.</summary>
    Task<bool> AnyMasterAsync(CancellationToken cancellationToken);

    /// <summary>Stores a new user at its <see cref="User.Version"/> (0 for a new one).</summary>
    Task AddAsync(User user, CancellationToken cancellationToken);

    /// <summary>
    /// Stores new users (<see cref="User.Import"/>) whose address nobody holds, now or in the past,
    /// in one write; a user whose address is held, by anyone or by an earlier user of the same
    /// list, is left out and nothing of it is written. Answers, in order, whether each was stored.
    /// Decided by the store's unique index on addresses, so an import racing a registration, or a
    /// repeated import, never gives one address twice.
    /// </summary>
    Task<IReadOnlyList<bool>> ImportAsync(IReadOnlyList<User> users, CancellationToken cancellationToken);

    /// <summary>
    /// How many users hold an imported hash, by its format (<see cref="PasswordHash.ImportedFormat"/>,
    /// <see cref="PasswordHash.NoPasswordFormat"/> for none); formats no user holds are absent.
    /// </summary>
    Task<IReadOnlyDictionary<string, long>> CountImportedHashesAsync(CancellationToken cancellationToken);

    /// <summary>Saves the user if the stored version is still <see cref="User.Version"/>; the stored version then moves on by one.</summary>
    Task UpdateAsync(User user, CancellationToken cancellationToken);

    /// <summary>
    /// Closes the account, atomically: the user with its addresses (each free to be taken again),
    /// password history and devices (every session ends), its reset code and the login throttles
    /// of its addresses. Returns the user as it was removed, or null when there was none. A
    /// master is removed only while another master remains, decided by the store under racing
    /// deletions: the last one is refused with <see cref="Common.Errors.LastMaster"/>.
    /// </summary>
    Task<User?> DeleteAsync(UserId id, CancellationToken cancellationToken);
}
