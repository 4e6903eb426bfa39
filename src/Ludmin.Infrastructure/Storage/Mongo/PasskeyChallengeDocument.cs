using Ludmin.Domain.Passkeys;

namespace Ludmin.Infrastructure.Storage.Mongo;

/// <summary>A ceremony's challenge in the <c>passkey_challenges</c> collection, keyed by itself; the TTL index removes it once expired.</summary>
internal sealed class PasskeyChallengeDocument
{
    public required string Challenge { get; init; }

    public required int Purpose { get; init; }

    public required string DeviceId { get; init; }

    public string? UserId { get; init; }

    public required string OptionsJson { get; init; }

    public required DateTimeOffset ExpiresAt { get; init; }

    public static PasskeyChallengeDocument FromDomain(PasskeyChallenge challenge) => new()
    {
        Challenge = challenge.Challenge,
        Purpose = (int)challenge.Purpose,
        DeviceId = challenge.DeviceId.Value,
        UserId = challenge.UserId?.Value,
        OptionsJson = challenge.OptionsJson,
        ExpiresAt = challenge.ExpiresAt,
    };

    public PasskeyChallenge ToDomain() => PasskeyChallenge.Restore(
        Challenge,
        (CeremonyPurpose)Purpose,
        Domain.Users.DeviceId.Parse(DeviceId),
        UserId is null ? null : Domain.Users.UserId.Parse(UserId),
        OptionsJson,
        ExpiresAt);
}
