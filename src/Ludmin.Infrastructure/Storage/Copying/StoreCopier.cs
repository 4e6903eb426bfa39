using Ludmin.Domain.Passkeys;
using Ludmin.Domain.PasswordResets;
using Ludmin.Domain.Users;

namespace Ludmin.Infrastructure.Storage.Copying;

/// <summary>
/// Copies every user, then every live reset code, page by page, and compares the counts at the
/// end. It keeps no checkpoint: the upserts make a full re-run cheap and always correct, where
/// resuming from a checkpoint would miss rows changed behind it since the interrupted run.
/// A target the API has served on is refused before anything is written, unless
/// <c>overwriteLiveStore</c> says its data may be overwritten (<see cref="ILiveStoreMarker"/>).
/// </summary>
internal sealed class StoreCopier(
    IStoreCopySource source, IStoreCopyTarget target, TimeProvider clock, int pageSize = StoreCopier.DefaultPageSize, bool overwriteLiveStore = false)
{
    public const int DefaultPageSize = 500;

    /// <summary>
    /// Codes are counted only if they outlive the check by this much, so none can expire (and a
    /// TTL monitor remove it) between counting one store and the other.
    /// </summary>
    public static readonly TimeSpan ResetCountMargin = TimeSpan.FromMinutes(1);

    public async Task<StoreCopyReport> CopyAsync(Action<string>? progress, CancellationToken cancellationToken)
    {
        await target.PrepareAsync(cancellationToken);
        if (!overwriteLiveStore && await target.ServedLiveSinceAsync(cancellationToken) is { } since)
        {
            throw new InvalidOperationException(LiveStoreMarker.Refusal("The target store", since));
        }

        var (usersCopied, usersKept) = await CopyPagesAsync(
            "users",
            after => source.ReadUsersAsync(after, pageSize, cancellationToken),
            user => user.Id,
            page => target.UpsertUsersAsync(page, cancellationToken),
            progress);

        var now = clock.GetUtcNow();
        var spent = new List<PasswordReset>();
        var (resetsCopied, resetsKept) = await CopyPagesAsync(
            "reset codes",
            after => source.ReadLiveResetsAsync(after, pageSize, now, cancellationToken),
            reset => reset.UserId,
            async page =>
            {
                var outcome = await target.UpsertResetsAsync(page, cancellationToken);
                spent.AddRange(outcome.Spent);
                return outcome.KeptNewer + outcome.Spent.Count;
            },
            progress);

        var countedFrom = clock.GetUtcNow() + ResetCountMargin;
        var sourceResets = await source.CountResetsExpiringAfterAsync(countedFrom, cancellationToken);
        var report = new StoreCopyReport(
            usersCopied,
            usersKept,
            resetsCopied,
            resetsKept - spent.Count,
            spent.Count,
            await source.CountUsersAsync(cancellationToken),
            await target.CountUsersAsync(cancellationToken),
            sourceResets - spent.Count(r => r.ExpiresAt > countedFrom),
            await target.CountResetsExpiringAfterAsync(countedFrom, cancellationToken));
        return await WithSecondFactorsAndPasskeysAsync(report, now, progress, cancellationToken);
    }

    /// <summary>What hangs off the users copied: each user's second factors, then the passkeys, added to the report.</summary>
    private async Task<StoreCopyReport> WithSecondFactorsAndPasskeysAsync(StoreCopyReport report, DateTimeOffset now, Action<string>? progress, CancellationToken cancellationToken)
    {
        var (factorsCopied, factorsKept) = await CopySecondFactorsAsync(now, progress, cancellationToken);
        var (passkeysCopied, passkeysKept) = await CopyPasskeysAsync(progress, cancellationToken);
        return report with
        {
            SecondFactorsCopied = factorsCopied,
            SecondFactorsKeptNewer = factorsKept,
            PasskeysCopied = passkeysCopied,
            PasskeysKeptNewer = passkeysKept,
            SourcePasskeys = await source.CountPasskeysAsync(cancellationToken),
            TargetPasskeys = await target.CountPasskeysAsync(cancellationToken),
        };
    }

    /// <summary>Passkeys after their users, paged by credential id (a user may have several).</summary>
    private async Task<(long Copied, long Kept)> CopyPasskeysAsync(Action<string>? progress, CancellationToken cancellationToken)
    {
        long copied = 0, kept = 0;
        CredentialId? after = null;
        while (await source.ReadPasskeysAsync(after, pageSize, cancellationToken) is { Count: > 0 } page)
        {
            var keptHere = await target.UpsertPasskeysAsync(page, cancellationToken);
            kept += keptHere;
            copied += page.Count - keptHere;
            after = page[^1].CredentialId;
            progress?.Invoke($"passkeys: {copied} copied, {kept} newer in the target and kept");
        }

        return (copied, kept);
    }

    /// <summary>Sealed secrets open only under the same <c>Ludmin:SecondFactor:EncryptionKey</c>: the target's API must keep the source's.</summary>
    private Task<(long Copied, long Kept)> CopySecondFactorsAsync(DateTimeOffset now, Action<string>? progress, CancellationToken cancellationToken) =>
        CopyPagesAsync(
            "second factors",
            after => source.ReadSecondFactorsAsync(after, pageSize, now, cancellationToken),
            row => UserId.Parse(row.UserId),
            page => target.UpsertSecondFactorsAsync(page, cancellationToken),
            progress);

    private static async Task<(long Copied, long Kept)> CopyPagesAsync<T>(
        string what,
        Func<UserId?, Task<IReadOnlyList<T>>> read,
        Func<T, UserId> key,
        Func<IReadOnlyList<T>, Task<int>> write,
        Action<string>? progress)
    {
        long copied = 0, kept = 0;
        UserId? after = null;
        while (true)
        {
            var page = await read(after);
            if (page.Count == 0)
            {
                return (copied, kept);
            }

            var keptHere = await write(page);
            kept += keptHere;
            copied += page.Count - keptHere;
            after = key(page[^1]);
            progress?.Invoke($"{what}: {copied} copied, {kept} newer in the target and kept");
        }
    }
}
