using Ludmin.Infrastructure.Storage.Mongo;
using Ludmin.Infrastructure.Storage.Postgres;
using Ludmin.Infrastructure.Storage.Sqlite;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace Ludmin.Infrastructure.Storage.Checking;

/// <summary>
/// The checks of the Api program's <c>check-store</c> command, against the configured store,
/// which they read and do not migrate or index (docs/operations.md, "Checking a store").
/// </summary>
public static class StoreCheck
{
    /// <summary>
    /// Runs every check. Throws <see cref="InvalidOperationException"/>, with one sentence for the
    /// operator, when the store cannot be reached at all.
    /// </summary>
    public static Task<StoreCheckReport> RunAsync(IServiceProvider services, CancellationToken cancellationToken)
    {
        var options = services.GetRequiredService<IOptions<StorageOptions>>().Value;
        return options.Provider switch
        {
            StorageProvider.Mongo => new MongoStoreCheck(services.GetRequiredService<MongoStore>(), services.GetRequiredService<TimeProvider>()).RunAsync(cancellationToken),
            StorageProvider.Postgres => new PostgresStoreCheck(services.GetRequiredService<PostgresDatabase>(), services.GetRequiredService<TimeProvider>()).RunAsync(cancellationToken),
            _ => new SqliteStoreCheck(services.GetRequiredService<SqliteDatabase>().Path, services.GetRequiredService<TimeProvider>()).RunAsync(cancellationToken),
        };
    }
}
