using Ludmin.Domain.Passkeys;
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

    /// <summary>
    /// Stores each code the target has never been given, unless it holds a code of that user
    /// issued later. The target remembers each code it was given (user and code hash), before
    /// storing it, and a code given before is never stored again: where the target still holds
    /// it, only a higher failed-attempt count is carried over (a count is never lowered); where it
    /// does not (consumed there), it stays spent. Recording before storing means a crash in
    /// between can lose a code (the user asks for another), never bring a used one back.
    /// </summary>
    Task<ResetPageOutcome> UpsertResetsAsync(IReadOnlyList<PasswordReset> resets, CancellationToken cancellationToken);

    /// <summary>
    /// Stores each passkey as given (keyed by its credential id), unless the target holds it at a
    /// higher version (used or renamed there since); returns how many were kept so. Its user was
    /// copied first.
    /// </summary>
    Task<int> UpsertPasskeysAsync(IReadOnlyList<Passkey> passkeys, CancellationToken cancellationToken);

    Task<long> CountPasskeysAsync(CancellationToken cancellationToken);

    /// <summary>When the API first served on the target (<see cref="ILiveStoreMarker"/>), or null: a copy refuses a live target unless told to overwrite it.</summary>
    /// <summary>Writes each user's second factors unless the target's are newer (a higher version); returns how many were kept.</summary>
    Task<int> UpsertSecondFactorsAsync(IReadOnlyList<SecondFactors.SecondFactorRow> rows, CancellationToken cancellationToken);

    Task<DateTimeOffset?> ServedLiveSinceAsync(CancellationToken cancellationToken);

    Task<long> CountUsersAsync(CancellationToken cancellationToken);

    Task<long> CountResetsExpiringAfterAsync(DateTimeOffset moment, CancellationToken cancellationToken);
}
