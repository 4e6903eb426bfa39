using Ludmin.Domain.PasswordResets;

namespace Ludmin.Infrastructure.Storage.Mongo;

/// <summary>
/// The live reset code of one user in the <c>password_resets</c> collection. The user id is the
/// <c>_id</c>, so a user has at most one code and a new one replaces the old in the same write.
/// </summary>
internal sealed class PasswordResetDocument
{
    public required string UserId { get; init; }

    public required string CodeHash { get; init; }

    /// <summary>The code sealed for sending it again; null for codes stored before codes were sealed.</summary>
    public string? SealedCode { get; init; }

    public required DateTimeOffset CreatedAt { get; init; }

    /// <summary>The TTL index removes the document once this moment has passed.</summary>
    public required DateTimeOffset ExpiresAt { get; init; }

    public required int FailedAttempts { get; init; }

    public required long Version { get; init; }

    public static PasswordResetDocument FromDomain(PasswordReset reset) => new()
    {
        UserId = reset.UserId.Value,
        CodeHash = reset.CodeHash,
        SealedCode = reset.SealedCode,
        CreatedAt = reset.CreatedAt,
        ExpiresAt = reset.ExpiresAt,
        FailedAttempts = reset.FailedAttempts,
        Version = reset.Version,
    };

    public PasswordReset ToDomain() =>
        PasswordReset.Restore(Domain.Users.UserId.Parse(UserId), CodeHash, CreatedAt, ExpiresAt, FailedAttempts, Version, SealedCode);
}
