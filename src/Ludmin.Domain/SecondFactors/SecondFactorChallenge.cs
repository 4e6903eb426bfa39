using Ludmin.Domain.Users;

namespace Ludmin.Domain.SecondFactors;

/// <summary>
/// The second step of one login, between the right password and a right second factor: which
/// user and device it is for, what to call the device once linked, and how many wrong codes it
/// has taken. Its id is the <c>jti</c> of the second-factor token, so the store, not the token,
/// says whether the step is still open: the <see cref="MaxFailures"/>th wrong code spends it.
/// </summary>
public sealed record SecondFactorChallenge(string Id, UserId UserId, DeviceId DeviceId, DeviceDescription Description, int Failures, DateTimeOffset ExpiresAt)
{
    /// <summary>How long a second step stays open (the second-factor token's lifetime).</summary>
    public static readonly TimeSpan Lifetime = TimeSpan.FromMinutes(5);

    /// <summary>The wrong code that spends the step: the login must start again.</summary>
    public const int MaxFailures = 5;

    public static SecondFactorChallenge Open(UserId userId, DeviceId deviceId, DeviceDescription description, DateTimeOffset now) =>
        new(HexId.Random(), userId, deviceId, description, 0, Common.TimestampPrecision.Truncate(now) + Lifetime);

    public bool IsOpen(DateTimeOffset now) => now < ExpiresAt && Failures < MaxFailures;

    public override string ToString() => $"SecondFactorChallenge(user {UserId}, device {DeviceId})";
}
