using Ludmin.Domain.Users;

namespace Ludmin.Domain.Passkeys;

/// <summary>
/// The state of one WebAuthn ceremony between its two calls, kept in the store so that the
/// options fetched from one instance are finished on another: the challenge (the key), what it is
/// for, the device (and user) whose token asked for it, the options as sent (the library checks
/// the answer against them) and when it stops counting. Used once: the store hands it out and
/// removes it in the same operation (<see cref="IPasskeyChallengeRepository.TakeAsync"/>).
/// </summary>
public sealed class PasskeyChallenge
{
    /// <summary>How long a ceremony may take, from the options to the answer.</summary>
    public static readonly TimeSpan Lifetime = TimeSpan.FromMinutes(5);

    private PasskeyChallenge(string challenge, CeremonyPurpose purpose, DeviceId deviceId, UserId? userId, string optionsJson, DateTimeOffset expiresAt)
    {
        Challenge = challenge;
        Purpose = purpose;
        DeviceId = deviceId;
        UserId = userId;
        OptionsJson = optionsJson;
        ExpiresAt = expiresAt;
    }

    /// <summary>The challenge as base64url, as the client's <c>clientDataJSON</c> carries it back.</summary>
    public string Challenge { get; }

    public CeremonyPurpose Purpose { get; }

    public DeviceId DeviceId { get; }

    /// <summary>The user a registration or a second factor is for; none for a sign-in, which names no account.</summary>
    public UserId? UserId { get; }

    /// <summary>The options the client was given, as JSON: what the answer is verified against.</summary>
    public string OptionsJson { get; }

    public DateTimeOffset ExpiresAt { get; }

    public static PasskeyChallenge Issue(string challenge, CeremonyPurpose purpose, DeviceId deviceId, UserId? userId, string optionsJson, DateTimeOffset now)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(challenge);
        ArgumentException.ThrowIfNullOrWhiteSpace(optionsJson);
        if ((purpose == CeremonyPurpose.SignIn) != (userId is null))
        {
            throw new ArgumentException("A sign-in challenge names no user; the others name theirs.", nameof(userId));
        }

        return new PasskeyChallenge(challenge, purpose, deviceId, userId, optionsJson, Common.TimestampPrecision.Truncate(now + Lifetime));
    }

    public static PasskeyChallenge Restore(string challenge, CeremonyPurpose purpose, DeviceId deviceId, UserId? userId, string optionsJson, DateTimeOffset expiresAt) =>
        new(challenge, purpose, deviceId, userId, optionsJson, expiresAt);

    /// <summary>
    /// Whether an answer may finish this ceremony: the purpose, the device and the user it was
    /// issued for, before its lifetime is over. Unknown, used, expired and misbound answer alike.
    /// </summary>
    public bool Admits(CeremonyPurpose purpose, DeviceId deviceId, UserId? userId, DateTimeOffset now) =>
        Purpose == purpose && DeviceId == deviceId && UserId == userId && now < ExpiresAt;
}
