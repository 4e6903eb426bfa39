using Ludmin.Domain.Passkeys;
using Ludmin.Domain.PasswordResets;
using Ludmin.Domain.Users;
using Ludmin.Infrastructure.Storage.Copying;

namespace Ludmin.Storage.Tests.Copying;

/// <summary>A target that dies like a crashed process after some pages of users have gone through.</summary>
internal sealed class FailingCopyTarget(IStoreCopyTarget inner, int userPagesBeforeFailure) : IStoreCopyTarget
{
    private int _userPages;

    public Task PrepareAsync(CancellationToken cancellationToken) => inner.PrepareAsync(cancellationToken);

    public Task<int> UpsertUsersAsync(IReadOnlyList<User> users, CancellationToken cancellationToken) =>
        ++_userPages > userPagesBeforeFailure
            ? throw new IOException("Injected failure: the copy dies here.")
            : inner.UpsertUsersAsync(users, cancellationToken);

    public Task<ResetPageOutcome> UpsertResetsAsync(IReadOnlyList<PasswordReset> resets, CancellationToken cancellationToken) =>
        inner.UpsertResetsAsync(resets, cancellationToken);

    public Task<int> UpsertSecondFactorsAsync(IReadOnlyList<Infrastructure.Storage.SecondFactors.SecondFactorRow> rows, CancellationToken cancellationToken) =>
        inner.UpsertSecondFactorsAsync(rows, cancellationToken);
    public Task<int> UpsertPasskeysAsync(IReadOnlyList<Passkey> passkeys, CancellationToken cancellationToken) =>
        inner.UpsertPasskeysAsync(passkeys, cancellationToken);

    public Task<long> CountPasskeysAsync(CancellationToken cancellationToken) => inner.CountPasskeysAsync(cancellationToken);

    public Task<DateTimeOffset?> ServedLiveSinceAsync(CancellationToken cancellationToken) => inner.ServedLiveSinceAsync(cancellationToken);

    public Task<long> CountUsersAsync(CancellationToken cancellationToken) => inner.CountUsersAsync(cancellationToken);

    public Task<long> CountResetsExpiringAfterAsync(DateTimeOffset moment, CancellationToken cancellationToken) =>
        inner.CountResetsExpiringAfterAsync(moment, cancellationToken);
}
