using Ludmin.Application.Common.Models;
using Ludmin.Domain.Passkeys;
using Ludmin.Domain.Users;

namespace Ludmin.Application.Common;

/// <summary>The passkey count a full profile shows, from the passkeys' own repository: one query for a profile or a page of them.</summary>
internal static class ProfilePasskeys
{
    public static async Task<UserProfile> CountedAsync(this IPasskeyRepository passkeys, UserProfile profile, CancellationToken cancellationToken) =>
        (await passkeys.CountedAsync([profile], cancellationToken))[0];

    public static async Task<IReadOnlyList<UserProfile>> CountedAsync(this IPasskeyRepository passkeys, IReadOnlyList<UserProfile> profiles, CancellationToken cancellationToken)
    {
        if (profiles.Count == 0)
        {
            return profiles;
        }

        var counts = await passkeys.CountByUserAsync([.. profiles.Select(p => UserId.Parse(p.Id))], cancellationToken);
        return [.. profiles.Select(p => p with { PasskeyCount = counts.GetValueOrDefault(UserId.Parse(p.Id)) })];
    }
}
