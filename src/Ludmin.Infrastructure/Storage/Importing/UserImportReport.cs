namespace Ludmin.Infrastructure.Storage.Importing;

/// <summary>What an import-users run did: every line is one of created, already there, or invalid (by code).</summary>
public sealed record UserImportReport(long Lines, long Created, long Existing, IReadOnlyDictionary<string, long> InvalidByCode, TimeSpan Elapsed)
{
    public long Invalid => InvalidByCode.Values.Sum();
}
