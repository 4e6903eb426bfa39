using Ludmin.Domain.Users;

namespace Ludmin.Infrastructure.Storage.Generating;

/// <summary>
/// Writes many new users at once, for the generate-users load generator only: no version check
/// (they are new), batched as the engine likes it. Uniqueness is still the store's: an address
/// already held makes the batch fail (SQLite) or that user be skipped (MongoDB, counted).
/// </summary>
internal interface IUserBulkInsert
{
    /// <summary>Inserts the users; returns how many were already there (by address) and skipped.</summary>
    Task<int> InsertAsync(IReadOnlyList<User> users, CancellationToken cancellationToken);
}
