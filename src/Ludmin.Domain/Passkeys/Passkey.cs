using Ludmin.Domain.Common;
using Ludmin.Domain.Users;

namespace Ludmin.Domain.Passkeys;

/// <summary>
/// A WebAuthn credential a user registered: its public key and what Ludmin must remember between
/// ceremonies, which the WebAuthn library leaves to the application: the signature counter, the
/// backup flags, the user handle. An aggregate of its own beside <see cref="User"/>: a sign-in
/// with it changes nothing of the user's but the device it links, and the store keys it by its
/// credential id, unique across all users.
/// </summary>
public sealed class Passkey
{
    private Passkey(
        PasskeyId id,
        UserId userId,
        CredentialId credentialId,
        byte[] publicKey,
        byte[] userHandle,
        PasskeyName name,
        long signCount,
        bool backupEligible,
        bool backedUp,
        DateTimeOffset createdAt,
        DateTimeOffset? lastUsed,
        long version)
    {
        Id = id;
        UserId = userId;
        CredentialId = credentialId;
        PublicKey = publicKey;
        UserHandle = userHandle;
        Name = name;
        SignCount = signCount;
        BackupEligible = backupEligible;
        BackedUp = backedUp;
        CreatedAt = createdAt;
        LastUsed = lastUsed;
        Version = version;
    }

    public PasskeyId Id { get; }

    public UserId UserId { get; }

    public CredentialId CredentialId { get; }

    /// <summary>The credential's public key as COSE bytes, the form the library verifies with. Never shown.</summary>
    public byte[] PublicKey { get; }

    /// <summary>The WebAuthn user handle the credential was made for (the user id's 16 bytes): an assertion must name it back.</summary>
    public byte[] UserHandle { get; }

    public PasskeyName Name { get; private set; }

    /// <summary>The authenticator's signature counter as last accepted (0 for authenticators that keep none).</summary>
    public long SignCount { get; private set; }

    /// <summary>Whether the authenticator may sync the credential elsewhere (WebAuthn's BE flag); fixed at registration.</summary>
    public bool BackupEligible { get; }

    /// <summary>Whether the credential is synced now (the BS flag), as the last ceremony reported it.</summary>
    public bool BackedUp { get; private set; }

    public DateTimeOffset CreatedAt { get; }

    /// <summary>The last sign-in with it; null until the first.</summary>
    public DateTimeOffset? LastUsed { get; private set; }

    /// <summary>Moves on by one with every save: a sign-in and a rename made from a stale read lose to the one made first.</summary>
    public long Version { get; private set; }

    /// <summary>The user handle every passkey of <paramref name="userId"/> is made for: the id's 16 bytes, no personal data.</summary>
    public static byte[] UserHandleOf(UserId userId) => Convert.FromHexString(userId.Value);

    /// <summary>A credential the library has verified, for its user.</summary>
    public static Passkey Register(
        UserId userId, CredentialId credentialId, byte[] publicKey, PasskeyName name, long signCount, bool backupEligible, bool backedUp, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(credentialId);
        ArgumentNullException.ThrowIfNull(name);
        if (publicKey is not { Length: > 0 })
        {
            throw new ArgumentException("A passkey has a public key.", nameof(publicKey));
        }

        if (backedUp && !backupEligible)
        {
            // WebAuthn §6.1: BS set without BE is invalid; the library refuses it too.
            throw new ArgumentException("A credential cannot be backed up without being backup eligible.", nameof(backedUp));
        }

        return new Passkey(PasskeyId.New(), userId, credentialId, [.. publicKey], UserHandleOf(userId), name, CheckedCount(signCount), backupEligible, backedUp, TimestampPrecision.Truncate(now), null, 0);
    }

    public static Passkey Restore(
        PasskeyId id,
        UserId userId,
        CredentialId credentialId,
        byte[] publicKey,
        byte[] userHandle,
        PasskeyName name,
        long signCount,
        bool backupEligible,
        bool backedUp,
        DateTimeOffset createdAt,
        DateTimeOffset? lastUsed,
        long version) =>
        new(id, userId, credentialId, publicKey, userHandle, name, CheckedCount(signCount), backupEligible, backedUp, createdAt, lastUsed, version);

    public void Rename(PasskeyName name)
    {
        ArgumentNullException.ThrowIfNull(name);
        Name = name;
    }

    /// <summary>
    /// A verified assertion with the counter the authenticator signed. A counter not above the
    /// stored one, when either is non-zero, means two authenticators hold the same key (a clone)
    /// or an assertion is replayed: refused. Both zero is what synced passkeys send, and passes.
    /// </summary>
    public void RecordUse(long signCount, bool backedUp, DateTimeOffset now)
    {
        CheckedCount(signCount);
        if ((signCount != 0 || SignCount != 0) && signCount <= SignCount)
        {
            throw new DomainException(Errors.PasskeyCounterRegressed);
        }

        SignCount = signCount;
        BackedUp = backedUp && BackupEligible;
        LastUsed = TimestampPrecision.Truncate(now);
    }

    /// <summary>Called by a store after it saved this passkey.</summary>
    public void Saved() => Version++;

    /// <summary>WebAuthn's counter is an unsigned 32-bit number.</summary>
    private static long CheckedCount(long signCount) =>
        signCount is >= 0 and <= uint.MaxValue ? signCount : throw new ArgumentOutOfRangeException(nameof(signCount), "A signature counter is an unsigned 32-bit number.");
}
