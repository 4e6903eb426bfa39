using Ludmin.Domain.Users;

namespace Ludmin.Infrastructure.Storage.Mongo;

/// <summary>One address of a user's email history, embedded in <see cref="UserDocument"/>.</summary>
internal sealed class EmailDocument
{
    /// <summary>As the user typed it.</summary>
    public required string Address { get; init; }

    /// <summary>The key the unique index and the lookups use; derived from <see cref="Address"/>, never read back.</summary>
    public required string Normalized { get; init; }

    public required bool IsCurrent { get; init; }

    public required bool IsVerified { get; init; }

    public required DateTimeOffset InsertedAt { get; init; }

    public required DateTimeOffset UpdatedAt { get; init; }

    public static EmailDocument FromDomain(UserEmail email) => new()
    {
        Address = email.Address.Value,
        Normalized = email.Address.Normalized,
        IsCurrent = email.IsCurrent,
        IsVerified = email.IsVerified,
        InsertedAt = email.InsertedAt,
        UpdatedAt = email.UpdatedAt,
    };

    public UserEmail ToDomain() => UserEmail.Restore(EmailAddress.Create(Address), IsCurrent, IsVerified, InsertedAt, UpdatedAt);
}
