using MongoDB.Driver;

namespace Ludmin.Infrastructure.Storage.Mongo;

/// <summary>
/// The indexes Ludmin needs, created on start (creating an index that already exists with the
/// same keys and options does nothing). docs/operations.md lists which query each one serves.
/// </summary>
internal static class MongoIndexes
{
    /// <summary>
    /// Unique and multikey: one key per address in each user's history, so no two users can
    /// hold one address, now or ever. This is the check, not a read before the write.
    /// </summary>
    public const string UsersByEmail = "emails_normalized_unique";

    /// <summary>Creation order for the paged list; <c>_id</c> breaks ties so pages never overlap.</summary>
    public const string UsersByCreation = "created_at_id";

    /// <summary>TTL: MongoDB removes a reset code once <c>expires_at</c> has passed.</summary>
    public const string ResetsByExpiry = "expires_at_ttl";

    /// <summary>TTL: MongoDB forgets an address's failed logins once <c>expires_at</c> has passed.</summary>
    public const string ThrottlesByExpiry = "expires_at_ttl";

    /// <summary>TTL: MongoDB forgets an address's refused reset completions once its window has passed.</summary>
    public const string RefusalsByExpiry = "expires_at_ttl";

    /// <summary>A user's passkeys in creation order; with Ludmin's id, the owner's paths.</summary>
    public const string PasskeysByUser = "user_id_created_at";

    /// <summary>TTL: MongoDB removes a ceremony's challenge once <c>expires_at</c> has passed.</summary>
    public const string ChallengesByExpiry = "expires_at_ttl";

    public static IReadOnlyList<CreateIndexModel<UserDocument>> Users { get; } =
    [
        new(
            Builders<UserDocument>.IndexKeys.Ascending(UserDocument.NormalizedEmailsPath),
            new CreateIndexOptions { Name = UsersByEmail, Unique = true }),
        new(
            Builders<UserDocument>.IndexKeys.Ascending(d => d.CreatedAt).Ascending(d => d.Id),
            new CreateIndexOptions { Name = UsersByCreation }),
    ];

    public static IReadOnlyList<CreateIndexModel<PasswordResetDocument>> Resets { get; } =
    [
        new(
            Builders<PasswordResetDocument>.IndexKeys.Ascending(d => d.ExpiresAt),
            new CreateIndexOptions { Name = ResetsByExpiry, ExpireAfter = TimeSpan.Zero }),
    ];

    public static IReadOnlyList<CreateIndexModel<LoginThrottleDocument>> Throttles { get; } =
    [
        new(
            Builders<LoginThrottleDocument>.IndexKeys.Ascending(d => d.ExpiresAt),
            new CreateIndexOptions { Name = ThrottlesByExpiry, ExpireAfter = TimeSpan.Zero }),
    ];

    public static IReadOnlyList<CreateIndexModel<ResetRefusalDocument>> Refusals { get; } =
    [
        new(
            Builders<ResetRefusalDocument>.IndexKeys.Ascending(d => d.ExpiresAt),
            new CreateIndexOptions { Name = RefusalsByExpiry, ExpireAfter = TimeSpan.Zero }),
    ];

    /// <summary>TTL: MongoDB removes a pending enrolment past its ten minutes; an active factor has no <c>expires_at</c> and stays.</summary>
    public const string SecondFactorsByExpiry = "expires_at_ttl";

    /// <summary>TTL: MongoDB removes an open second step of a login after its five minutes.</summary>
    public const string SecondFactorChallengesByExpiry = "expires_at_ttl";

    /// <summary>The open second steps of a user, removed with the account.</summary>
    public const string SecondFactorChallengesByUser = "user_id";

    public static IReadOnlyList<CreateIndexModel<SecondFactorDocument>> SecondFactors { get; } =
    [
        new(
            Builders<SecondFactorDocument>.IndexKeys.Ascending(d => d.ExpiresAt),
            new CreateIndexOptions { Name = SecondFactorsByExpiry, ExpireAfter = TimeSpan.Zero }),
    ];

    public static IReadOnlyList<CreateIndexModel<SecondFactorChallengeDocument>> SecondFactorChallenges { get; } =
    [
        new(
            Builders<SecondFactorChallengeDocument>.IndexKeys.Ascending(d => d.ExpiresAt),
            new CreateIndexOptions { Name = SecondFactorChallengesByExpiry, ExpireAfter = TimeSpan.Zero }),
        new(
            Builders<SecondFactorChallengeDocument>.IndexKeys.Ascending(d => d.UserId),
            new CreateIndexOptions { Name = SecondFactorChallengesByUser }),
    ];

    public static IReadOnlyList<CreateIndexModel<PasskeyDocument>> Passkeys { get; } =
    [
        new(
            Builders<PasskeyDocument>.IndexKeys.Ascending(d => d.UserId).Ascending(d => d.CreatedAt),
            new CreateIndexOptions { Name = PasskeysByUser }),
    ];

    public static IReadOnlyList<CreateIndexModel<PasskeyChallengeDocument>> Challenges { get; } =
    [
        new(
            Builders<PasskeyChallengeDocument>.IndexKeys.Ascending(d => d.ExpiresAt),
            new CreateIndexOptions { Name = ChallengesByExpiry, ExpireAfter = TimeSpan.Zero }),
    ];

    /// <summary>
    /// What each index must look like on the server, read off the definitions above (so the two
    /// cannot drift apart): what <c>check-store</c> compares the server's <c>listIndexes</c> with.
    /// </summary>
    public static IReadOnlyList<ExpectedMongoIndex> Expected { get; } =
    [
        .. Users.Select(m => ExpectedMongoIndex.Of(MongoStore.UsersCollection, m)),
        .. Resets.Select(m => ExpectedMongoIndex.Of(MongoStore.ResetsCollection, m)),
        .. Throttles.Select(m => ExpectedMongoIndex.Of(MongoStore.ThrottlesCollection, m)),
        .. Refusals.Select(m => ExpectedMongoIndex.Of(MongoStore.RefusalsCollection, m)),
        .. SecondFactors.Select(m => ExpectedMongoIndex.Of(MongoStore.SecondFactorsCollection, m)),
        .. SecondFactorChallenges.Select(m => ExpectedMongoIndex.Of(MongoStore.SecondFactorChallengesCollection, m)),
        .. Passkeys.Select(m => ExpectedMongoIndex.Of(MongoStore.PasskeysCollection, m)),
        .. Challenges.Select(m => ExpectedMongoIndex.Of(MongoStore.ChallengesCollection, m)),
    ];
}
