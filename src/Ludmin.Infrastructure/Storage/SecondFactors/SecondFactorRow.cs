using System.Text.Json;
using Ludmin.Domain.SecondFactors;
using Ludmin.Infrastructure.Storage.Sqlite;

namespace Ludmin.Infrastructure.Storage.SecondFactors;

/// <summary>
/// A user's second factors as the SQL stores keep them, one row per user: what the domain's
/// <see cref="SecondFactorSet"/> is in columns (times as Unix milliseconds, recovery-code hashes as
/// a JSON array). <see cref="ExpiresAt"/> is a pending enrolment's end, null once active, which
/// is what the sweep of expired records removes by.
/// </summary>
internal sealed record SecondFactorRow(
    string UserId,
    byte[] TotpSecret,
    string TotpState,
    long EnrolledAt,
    long? ActivatedAt,
    long? LastStep,
    string RecoveryCodes,
    long? ExpiresAt,
    long Version)
{
    public const string Pending = "pending";
    public const string Active = "active";

    public const string Columns = "user_id, totp_secret, totp_state, enrolled_at, activated_at, last_step, recovery_codes, expires_at, version";

    /// <summary>The row of a set the domain wants stored; the set must hold a TOTP factor (an empty one is deleted, not written).</summary>
    public static SecondFactorRow From(Domain.Users.UserId userId, SecondFactorSet factors)
    {
        var totp = factors.Totp ?? throw new ArgumentException("Only a set with a TOTP factor is written; an empty one is deleted.", nameof(factors));
        return new SecondFactorRow(
            userId.Value,
            totp.Secret.ToArray(),
            totp.IsActive ? Active : Pending,
            UnixTime.ToMilliseconds(totp.EnrolledAt),
            totp.ActivatedAt is { } activated ? UnixTime.ToMilliseconds(activated) : null,
            totp.LastAcceptedStep,
            JsonSerializer.Serialize(factors.RecoveryCodes.Hashes),
            totp.IsActive ? null : UnixTime.ToMilliseconds(totp.PendingUntil),
            factors.Version);
    }

    public SecondFactorSet ToDomain()
    {
        var state = TotpState switch
        {
            Pending => TotpFactorState.Pending,
            Active => TotpFactorState.Active,
            _ => throw new InvalidOperationException($"Stored second factors of user {UserId} have an unknown state."),
        };
        var totp = TotpFactor.Restore(
            SealedSecret.FromStored(TotpSecret),
            state,
            UnixTime.FromMilliseconds(EnrolledAt),
            ActivatedAt is { } activated ? UnixTime.FromMilliseconds(activated) : null,
            LastStep);
        var hashes = JsonSerializer.Deserialize<string[]>(RecoveryCodes) ?? [];
        return SecondFactorSet.Restore(totp, Domain.SecondFactors.RecoveryCodes.Restore(hashes), Version);
    }

    /// <summary>Keeps the sealed secret out of logs.</summary>
    public override string ToString() => $"SecondFactorRow(user {UserId}, {TotpState}, version {Version})";
}
