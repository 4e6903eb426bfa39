using Ludmin.Domain.SecondFactors;
using Ludmin.Domain.Users;

namespace Ludmin.Infrastructure.Storage.Mongo;

/// <summary>An open second step of a login in <c>second_factor_challenges</c> (<c>_id</c> = the second-factor token's jti); the TTL index removes it after its expiry.</summary>
internal sealed class SecondFactorChallengeDocument
{
    public required string Id { get; init; }

    public required string UserId { get; init; }

    public required string DeviceId { get; init; }

    public required string Description { get; init; }

    public required int Failures { get; init; }

    public required DateTimeOffset ExpiresAt { get; init; }

    public static SecondFactorChallengeDocument FromDomain(SecondFactorChallenge challenge) => new()
    {
        Id = challenge.Id,
        UserId = challenge.UserId.Value,
        DeviceId = challenge.DeviceId.Value,
        Description = challenge.Description.Value,
        Failures = challenge.Failures,
        ExpiresAt = challenge.ExpiresAt,
    };

    public SecondFactorChallenge ToDomain() =>
        new(Id, Domain.Users.UserId.Parse(UserId), Domain.Users.DeviceId.Parse(DeviceId), DeviceDescription.Create(Description), Failures, ExpiresAt);
}
