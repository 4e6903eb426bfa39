namespace Ludmin.Infrastructure.Storage.Generating;

/// <summary>What a generate-users run did: users 1 to <see cref="Requested"/> exist when it returns.</summary>
public sealed record UserGenerationReport(long Requested, long AlreadyThere, long Written, long Skipped, TimeSpan Elapsed);
