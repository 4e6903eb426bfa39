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

        if (o.Provider == StorageProvider.Postgres && string.IsNullOrWhiteSpace(o.Postgres.ConnectionString))
        {
            yield return "Ludmin:Storage:Provider is Postgres, but Ludmin:Storage:Postgres:ConnectionString is not set.";
        }

        if (o.Provider == StorageProvider.Postgres && PostgresConnectionStringFault(o.Postgres.ConnectionString) is { } fault)
        {
            yield return $"Ludmin:Storage:Postgres:ConnectionString is not an Npgsql connection string: {fault}";
        }

        if (!(o.Mongo.OperationTimeout > TimeSpan.Zero))
        {
            yield return "Ludmin:Storage:Mongo:OperationTimeout must be positive (for example 00:00:15).";
        }

        if (!(o.Postgres.OperationTimeout > TimeSpan.Zero))
        {
            yield return "Ludmin:Storage:Postgres:OperationTimeout must be positive (for example 00:00:15).";
        }

        if (!(o.Sqlite.MinFreeSpaceMB >= 0 && o.Sqlite.ProbeInterval >= TimeSpan.Zero))
        {
            yield return "Ludmin:Storage:Sqlite: MinFreeSpaceMB and ProbeInterval must not be negative.";
        }
    }

    private static string? PostgresConnectionStringFault(string? connectionString)
    {
        if (string.IsNullOrWhiteSpace(connectionString))
        {
            return null;
        }

        try
        {
            _ = new Npgsql.NpgsqlConnectionStringBuilder(connectionString);
            return null;
        }
        catch (ArgumentException ex)
        {
            // Npgsql names the key it does not know; the value (a password) is not repeated.
            return ex.Message;
        }
    }
}
