using Ludmin.Infrastructure.Storage.Mongo;
using Ludmin.Infrastructure.Storage.Postgres;
using Ludmin.Infrastructure.Storage.Sqlite;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using MongoDB.Driver;

namespace Ludmin.Infrastructure.Storage.Copying;

/// <summary>
/// The move from the embedded store to MongoDB or PostgreSQL, as the Api program's copy-store
/// command runs it. A target the API has already served on is refused unless
/// <c>overwriteLiveStore</c> (<c>--overwrite-live-store</c>) says its data may be overwritten.
/// </summary>
public static class StoreCopy
{
    /// <summary>
    /// Copies every user and live reset code from the configured SQLite file into the database
    /// <c>Ludmin:Storage:Mongo:Database</c> of the server at <paramref name="mongoConnectionString"/>.
    /// Throws <see cref="InvalidOperationException"/> with a message for the operator when it cannot.
    /// </summary>
    public static async Task<StoreCopyReport> SqliteToMongoAsync(
        IServiceProvider services, string mongoConnectionString, Action<string>? progress, CancellationToken cancellationToken, bool overwriteLiveStore = false)
    {
        var database = Source(services);
        var clock = services.GetRequiredService<TimeProvider>();
        var options = services.GetRequiredService<IOptions<StorageOptions>>().Value;
        using var mongo = MongoStore.Connect(
            mongoConnectionString, options.Mongo.Database, clock, services.GetRequiredService<ILogger<MongoStore>>(), options.Mongo.OperationTimeout, services.GetService<MongoClientFactory>());
        progress?.Invoke($"Copying {database.Path} into MongoDB database '{options.Mongo.Database}'.");
        try
        {
            var copier = new StoreCopier(new SqliteStoreCopySource(database), new MongoStoreCopyTarget(mongo), clock, overwriteLiveStore: overwriteLiveStore);
            return await copier.CopyAsync(progress, cancellationToken);
        }
        catch (Exception ex) when (MongoErrors.IsUnavailable(ex) || IsUnacknowledgedBulkWrite(ex))
        {
            throw new InvalidOperationException($"MongoDB is not usable: {mongo.Explain(ex)}. Nothing is lost: run the copy again once it is.", ex);
        }
    }

    /// <summary>
    /// Copies every user and live reset code from the configured SQLite file into the PostgreSQL
    /// database of <paramref name="postgresConnectionString"/>, migrating its schema first.
    /// Throws <see cref="InvalidOperationException"/> with a message for the operator when it cannot.
    /// </summary>
    public static async Task<StoreCopyReport> SqliteToPostgresAsync(
        IServiceProvider services, string postgresConnectionString, Action<string>? progress, CancellationToken cancellationToken, bool overwriteLiveStore = false)
    {
        var database = Source(services);
        await using var postgres = OpenPostgres(postgresConnectionString, services);
        progress?.Invoke($"Copying {database.Path} into {postgres.Describe}.");
        try
        {
            var copier = new StoreCopier(
                new SqliteStoreCopySource(database), new PostgresStoreCopyTarget(postgres), services.GetRequiredService<TimeProvider>(), overwriteLiveStore: overwriteLiveStore);
            return await copier.CopyAsync(progress, cancellationToken);
        }
        catch (PostgresUnavailableException ex)
        {
            throw new InvalidOperationException($"PostgreSQL is not usable: {ex.Reason}. Nothing is lost: run the copy again once it is.", ex);
        }
    }

    private static PostgresDatabase OpenPostgres(string connectionString, IServiceProvider services)
    {
        try
        {
            // No deadline: copying is an operator's run of large batches, ended by the operator.
            return new PostgresDatabase(connectionString, services.GetService<ILogger<PostgresDatabase>>(), operationTimeout: Timeout.InfiniteTimeSpan);
        }
        catch (ArgumentException ex)
        {
            throw new InvalidOperationException($"The target is not an Npgsql connection string: {ex.Message}", ex);
        }
    }

    private static SqliteDatabase Source(IServiceProvider services)
    {
        var database = services.GetRequiredService<SqliteDatabase>();
        return File.Exists(database.Path)
            ? database
            : throw new InvalidOperationException(
                $"There is no SQLite database at {database.Path} to copy from (Ludmin:Storage:Sqlite:Path, under Ludmin:DataDirectory).");
    }

    /// <summary>
    /// A page that no majority acknowledged in time (write-concern timeout): its writes may or may
    /// not last, which a re-run settles like any other interruption.
    /// </summary>
    private static bool IsUnacknowledgedBulkWrite(Exception exception) => exception is MongoBulkWriteException { WriteConcernError: not null };
}
