using Ludmin.Domain.PasswordResets;
using Ludmin.Domain.Users;

namespace Ludmin.Infrastructure.Storage.Copying;

/// <summary>
/// The store a copy writes to. Writes are upserts by id, so a copy can run again and again
/// (after a crash, or to catch up) and always converges on the source; what the target holds
/// in a newer state than the source (the API already ran on it) is kept, not rolled back.
/// </summary>
internal interface IStoreCopyTarget
{
    /// <summary>Makes the target ready to take writes (schema, indexes).</summary>
    Task PrepareAsync(CancellationToken cancellationToken);

    /// <summary>Stores each user as given, unless the target holds it at a higher version; returns how many were kept so.</summary>
    Task<int> UpsertUsersAsync(IReadOnlyList<User> users, CancellationToken cancellationToken);

    /// <summary>Stores each code as given, unless the target holds a code of that user issued later; returns how many were kept so.</summary>
    Task<int> UpsertResetsAsync(IReadOnlyList<PasswordReset> resets, CancellationToken cancellationToken);

    Task<long> CountUsersAsync(CancellationToken cancellationToken);

    Task<long> CountResetsExpiringAfterAsync(DateTimeOffset moment, CancellationToken cancellationToken);
}
