namespace Ludmin.Domain.Users;

/// <summary>One address in a user's email history. Exactly one of a user's emails is current.</summary>
public sealed class UserEmail
{
    internal UserEmail(EmailAddress address, bool isCurrent, bool isVerified, DateTimeOffset insertedAt, DateTimeOffset updatedAt)
    {
        Address = address;
        IsCurrent = isCurrent;
        IsVerified = isVerified;
        InsertedAt = insertedAt;
        UpdatedAt = updatedAt;
    }

    public EmailAddress Address { get; }

    public bool IsCurrent { get; private set; }

    /// <summary>No verification flow exists yet; kept so clients see the field the original description (docs/seed.md) has, and it can arrive later.</summary>
    public bool IsVerified { get; }

    public DateTimeOffset InsertedAt { get; }

    public DateTimeOffset UpdatedAt { get; private set; }

    public static UserEmail Restore(EmailAddress address, bool isCurrent, bool isVerified, DateTimeOffset insertedAt, DateTimeOffset updatedAt) =>
        new(address, isCurrent, isVerified, insertedAt, updatedAt);

    internal void MarkCurrent(DateTimeOffset now)
    {
        IsCurrent = true;
        UpdatedAt = now;
    }

    internal void MarkPast(DateTimeOffset now)
    {
        IsCurrent = false;
        UpdatedAt = now;
    }
}
