using Ludmin.Domain.Users;

namespace Ludmin.Infrastructure.Storage.Mongo;

/// <summary>
/// A whole user as one document of the <c>users</c> collection: a single-document write is
/// atomic in MongoDB, so the emails and devices live inside it rather than beside it.
/// Element names: <see cref="MongoClassMaps"/>.
/// </summary>
internal sealed class UserDocument
{
    /// <summary>The dotted path the unique multikey index covers: every address of every user's history.</summary>
    public const string NormalizedEmailsPath = "emails.normalized";

    public required string Id { get; init; }

    public required string FullName { get; init; }

    public required IReadOnlyList<EmailDocument> Emails { get; init; }

    public required string PasswordHash { get; init; }

    /// <summary>Earlier hashes, newest first.</summary>
    public required IReadOnlyList<string> PasswordHistory { get; init; }

    public required IReadOnlyList<DeviceDocument> Devices { get; init; }

    public required bool IsMaster { get; init; }

    public required DateTimeOffset CreatedAt { get; init; }

    public required DateTimeOffset UpdatedAt { get; init; }

    public required long Version { get; init; }

    /// <summary>The user as it is to be stored at <paramref name="version"/>.</summary>
    public static UserDocument FromDomain(User user, long version) => new()
    {
        Id = user.Id.Value,
        FullName = user.FullName.Value,
        Emails = [.. user.Emails.Select(EmailDocument.FromDomain)],
        PasswordHash = user.PasswordHash.Value,
        PasswordHistory = [.. user.PasswordHistory.Select(h => h.Value)],
        Devices = [.. user.Devices.Select(DeviceDocument.FromDomain)],
        IsMaster = user.IsMaster,
        CreatedAt = user.CreatedAt,
        UpdatedAt = user.UpdatedAt,
        Version = version,
    };

    public User ToDomain() => User.Restore(
        UserId.Parse(Id),
        Domain.Users.FullName.Create(FullName),
        Emails.Select(e => e.ToDomain()),
        Domain.Users.PasswordHash.FromStored(PasswordHash),
        PasswordHistory.Select(Domain.Users.PasswordHash.FromStored),
        Devices.Select(d => d.ToDomain()),
        IsMaster,
        CreatedAt,
        UpdatedAt,
        Version);
}
