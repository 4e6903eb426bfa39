using Ludmin.Domain.Passkeys;
using Ludmin.Domain.PasswordResets;
using Ludmin.Domain.Users;

namespace Ludmin.Infrastructure.Storage.Copying;

/// <summary>
/// The store a copy reads from. Pages go in user-id order and start after the last id of the
/// previous page, so a page boundary stays put however many rows the copy has already passed.
/// </summary>
internal interface IStoreCopySource
{
    Task<IReadOnlyList<User>> ReadUsersAsync(UserId? after, int take, CancellationToken cancellationToken);

    /// <summary>Codes still usable at <paramref name="now"/>; expired ones are not worth carrying over.</summary>
    Task<IReadOnlyList<PasswordReset>> ReadLiveResetsAsync(UserId? after, int take, DateTimeOffset now, CancellationToken cancellationToken);

    /// <summary>Users' second factors after <paramref name="after"/> in user id order, active or still pending at <paramref name="now"/>.</summary>
    Task<IReadOnlyList<SecondFactors.SecondFactorRow>> ReadSecondFactorsAsync(UserId? after, int take, DateTimeOffset now, CancellationToken cancellationToken);
    /// <summary>Passkeys in credential-id order, after <paramref name="after"/> (a user may have several, so the page key is the credential's).</summary>
    Task<IReadOnlyList<Passkey>> ReadPasskeysAsync(CredentialId? after, int take, CancellationToken cancellationToken);

    Task<long> CountUsersAsync(CancellationToken cancellationToken);

    Task<long> CountPasskeysAsync(CancellationToken cancellationToken);

    Task<long> CountResetsExpiringAfterAsync(DateTimeOffset moment, CancellationToken cancellationToken);
}
