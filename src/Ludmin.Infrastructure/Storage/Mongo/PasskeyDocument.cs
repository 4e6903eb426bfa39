using Ludmin.Domain.Passkeys;

namespace Ludmin.Infrastructure.Storage.Mongo;

/// <summary>
/// One passkey in the <c>passkeys</c> collection. The credential id is the <c>_id</c>, so the
/// server itself keeps a credential to one passkey of one user; Ludmin's own id is indexed
/// with the user for the owner's paths.
/// </summary>
internal sealed class PasskeyDocument
{
    public required string CredentialId { get; init; }

    public required string Id { get; init; }

    public required string UserId { get; init; }

    public required byte[] PublicKey { get; init; }

    public required byte[] UserHandle { get; init; }

    public required string Name { get; init; }

    public required long SignCount { get; init; }

    public required bool BackupEligible { get; init; }

    public required bool BackedUp { get; init; }

    public required DateTimeOffset CreatedAt { get; init; }

    public DateTimeOffset? LastUsed { get; init; }

    public required long Version { get; init; }

    /// <summary>A new passkey as the first save stores it (version 1), or a copied one at <paramref name="version"/>.</summary>
    public static PasskeyDocument FromDomain(Passkey passkey, long? version = null) => new()
    {
        CredentialId = passkey.CredentialId.Value,
        Id = passkey.Id.Value,
        UserId = passkey.UserId.Value,
        PublicKey = passkey.PublicKey,
        UserHandle = passkey.UserHandle,
        Name = passkey.Name.Value,
        SignCount = passkey.SignCount,
        BackupEligible = passkey.BackupEligible,
        BackedUp = passkey.BackedUp,
        CreatedAt = passkey.CreatedAt,
        LastUsed = passkey.LastUsed,
        Version = version ?? passkey.Version + 1,
    };

    public Passkey ToDomain() => Passkey.Restore(
        PasskeyId.Parse(Id),
        Domain.Users.UserId.Parse(UserId),
        Domain.Passkeys.CredentialId.Parse(CredentialId),
        PublicKey,
        UserHandle,
        PasskeyName.Create(Name),
        SignCount,
        BackupEligible,
        BackedUp,
        CreatedAt,
        LastUsed,
        Version);
}
