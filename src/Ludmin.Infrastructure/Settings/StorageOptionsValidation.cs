using Ludmin.Infrastructure.Storage;
using Microsoft.Extensions.Options;

namespace Ludmin.Infrastructure.Settings;

/// <summary>Which store and its settings (<c>Ludmin:Storage</c>), checked at start.</summary>
internal sealed class StorageOptionsValidation : IValidateOptions<StorageOptions>
{
    public ValidateOptionsResult Validate(string? name, StorageOptions options) => OptionsFailures.From(Failures(options));

    private static IEnumerable<string> Failures(StorageOptions o)
    {
        if (o.Provider == StorageProvider.Mongo && string.IsNullOrWhiteSpace(o.Mongo.ConnectionString))
        {
            yield return "Ludmin:Storage:Provider is Mongo, but Ludmin:Storage:Mongo:ConnectionString is not set.";
        }

        if (o.Provider == StorageProvider.Mongo && string.IsNullOrWhiteSpace(o.Mongo.Database))
        {
            yield return "Ludmin:Storage:Mongo:Database must name a database.";
        }

        if (!(o.Mongo.OperationTimeout > TimeSpan.Zero))
        {
            yield return "Ludmin:Storage:Mongo:OperationTimeout must be positive (for example 00:00:15).";
        }

        if (!(o.Sqlite.MinFreeSpaceMB >= 0 && o.Sqlite.ProbeInterval >= TimeSpan.Zero))
        {
            yield return "Ludmin:Storage:Sqlite: MinFreeSpaceMB and ProbeInterval must not be negative.";
        }
    }
}
