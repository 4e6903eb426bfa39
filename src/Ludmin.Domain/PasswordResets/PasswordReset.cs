using Ludmin.Domain.Common;
using Ludmin.Domain.Users;

namespace Ludmin.Domain.PasswordResets;

/// <summary>
/// The one live reset code of a user, kept as a keyed hash (to check a try) and sealed (to send
/// the same code again), never in the clear. A new code replaces the old one; a code is
/// single-use, expires, and is void after too many wrong tries.
/// </summary>
public sealed class PasswordReset
{
    private PasswordReset(UserId userId, string codeHash, string? sealedCode, DateTimeOffset createdAt, DateTimeOffset expiresAt, int failedAttempts, long version)
    {
        UserId = userId;
        CodeHash = codeHash;
        SealedCode = sealedCode;
        CreatedAt = createdAt;
        ExpiresAt = expiresAt;
        FailedAttempts = failedAttempts;
        Version = version;
    }

    public UserId UserId { get; }

    public string CodeHash { get; }

    /// <summary>The code encrypted under a server key, for sending it again; null for a code stored before codes were sealed.</summary>
    public string? SealedCode { get; }

    public DateTimeOffset CreatedAt { get; }

    public DateTimeOffset ExpiresAt { get; }

    public int FailedAttempts { get; private set; }

    public long Version { get; }

    public static PasswordReset Issue(UserId userId, string codeHash, DateTimeOffset now, TimeSpan lifetime, string? sealedCode = null)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(codeHash);
        if (lifetime <= TimeSpan.Zero)
        {
            throw new ArgumentOutOfRangeException(nameof(lifetime), "A reset code must live for some time.");
        }

        now = TimestampPrecision.Truncate(now);
        return new PasswordReset(userId, codeHash, sealedCode, now, now + lifetime, failedAttempts: 0, version: 0);
    }

    public static PasswordReset Restore(UserId userId, string codeHash, DateTimeOffset createdAt, DateTimeOffset expiresAt, int failedAttempts, long version, string? sealedCode = null) =>
        new(userId, codeHash, sealedCode, createdAt, expiresAt, failedAttempts, version);

    /// <summary>Whether a code may still be tried: not expired and not out of attempts.</summary>
    public bool IsUsable(DateTimeOffset now, int maxAttempts) => now < ExpiresAt && FailedAttempts < maxAttempts;

    public void RecordFailedAttempt() => FailedAttempts++;
}
