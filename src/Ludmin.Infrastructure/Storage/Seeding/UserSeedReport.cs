namespace Ludmin.Infrastructure.Storage.Seeding;

/// <summary>What a seed-users run did: users 1 to <see cref="Requested"/> exist when it returns.</summary>
public sealed record UserSeedReport(long Requested, long AlreadyThere, long Written, long Skipped, TimeSpan Elapsed);
