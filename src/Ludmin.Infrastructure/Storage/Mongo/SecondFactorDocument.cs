using Ludmin.Domain.SecondFactors;

namespace Ludmin.Infrastructure.Storage.Mongo;

/// <summary>
/// A user's second factors in <c>second_factors</c> (<c>_id</c> = the user id): the TOTP factor
/// with its sealed secret and last accepted step, the recovery codes' keyed hashes, and the version
/// every change is a compare-and-set on. <see cref="ExpiresAt"/> is set only while pending, so the
/// TTL index removes a forgotten enrolment and never an active factor.
/// </summary>
internal sealed class SecondFactorDocument
{
    public required string UserId { get; init; }

    public required byte[] TotpSecret { get; init; }

    public required string TotpState { get; init; }

    public required DateTimeOffset EnrolledAt { get; init; }

    public DateTimeOffset? ActivatedAt { get; init; }

    public long? LastStep { get; init; }

    public required string[] RecoveryCodes { get; init; }

    public DateTimeOffset? ExpiresAt { get; init; }

    public required long Version { get; init; }

    public static SecondFactorDocument FromDomain(Domain.Users.UserId userId, SecondFactorSet factors)
    {
        var totp = factors.Totp ?? throw new ArgumentException("Only a set with a TOTP factor is written; an empty one is deleted.", nameof(factors));
        return new SecondFactorDocument
        {
            UserId = userId.Value,
            TotpSecret = totp.Secret.ToArray(),
            TotpState = totp.IsActive ? SecondFactors.SecondFactorRow.Active : SecondFactors.SecondFactorRow.Pending,
            EnrolledAt = totp.EnrolledAt,
            ActivatedAt = totp.ActivatedAt,
            LastStep = totp.LastAcceptedStep,
            RecoveryCodes = [.. factors.RecoveryCodes.Hashes],
            ExpiresAt = totp.IsActive ? null : totp.PendingUntil,
            Version = factors.Version + 1,
        };
    }

    public SecondFactorSet ToDomain() =>
        new SecondFactors.SecondFactorRow(
            UserId,
            TotpSecret,
            TotpState,
            Sqlite.UnixTime.ToMilliseconds(EnrolledAt),
            ActivatedAt is { } activated ? Sqlite.UnixTime.ToMilliseconds(activated) : null,
            LastStep,
            System.Text.Json.JsonSerializer.Serialize(RecoveryCodes),
            ExpiresAt is { } expires ? Sqlite.UnixTime.ToMilliseconds(expires) : null,
            Version).ToDomain();

    public override string ToString() => $"SecondFactorDocument(user {UserId}, {TotpState}, version {Version})";
}
