using Ludmin.Domain.Users;

namespace Ludmin.Domain.Passkeys;

/// <summary>
/// Where passkeys are kept. A credential id belongs to one passkey of one user: the store's unique
/// key decides (<see cref="Common.Errors.PasskeyInUse"/>), not a read before the write. A closed
/// account's passkeys go with it (<see cref="IUserRepository.DeleteAsync"/>).
/// </summary>
public interface IPasskeyRepository
{
    /// <summary>The user's passkeys, oldest first.</summary>
    Task<IReadOnlyList<Passkey>> ListAsync(UserId userId, CancellationToken cancellationToken);

    /// <summary>How many passkeys each of the users has (a user with none is left out), for their profiles.</summary>
    Task<IReadOnlyDictionary<UserId, int>> CountByUserAsync(IReadOnlyCollection<UserId> userIds, CancellationToken cancellationToken);

    Task<Passkey?> FindAsync(UserId userId, PasskeyId id, CancellationToken cancellationToken);

    /// <summary>The passkey holding this credential id, whoever's it is.</summary>
    Task<Passkey?> FindByCredentialAsync(CredentialId credentialId, CancellationToken cancellationToken);

    /// <summary>
    /// Stores a new passkey. A credential id any user holds already throws
    /// <see cref="Common.Errors.PasskeyInUse"/>; a user deleted since the read,
    /// <see cref="Common.Errors.UserNotFound"/>.
    /// </summary>
    Task AddAsync(Passkey passkey, CancellationToken cancellationToken);

    /// <summary>Saves a rename or a use if the stored version is still <see cref="Passkey.Version"/>; else a concurrency error.</summary>
    Task UpdateAsync(Passkey passkey, CancellationToken cancellationToken);

    /// <summary>Removes the user's passkey; false when the user has none with that id.</summary>
    Task<bool> DeleteAsync(UserId userId, PasskeyId id, CancellationToken cancellationToken);
}
