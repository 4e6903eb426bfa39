namespace Ludmin.Infrastructure.Storage;

/// <summary>
/// The longest a call of the configured store may take before it answers 503, and the setting
/// that says so: what a refresh's retry has to wait out before it comes back (docs/security.md).
/// </summary>
internal sealed record StoreDeadline(string Setting, TimeSpan Value)
{
    /// <summary>SQLite's busy timeout (fixed): the longest a write waits for another process's lock (the CLI writing).</summary>
    public static readonly TimeSpan SqliteBusyTimeout = TimeSpan.FromSeconds(5);

    public static StoreDeadline Of(StorageOptions storage) => storage.Provider switch
    {
        StorageProvider.Mongo => new("Ludmin:Storage:Mongo:OperationTimeout", storage.Mongo.OperationTimeout),
        StorageProvider.Postgres => new("Ludmin:Storage:Postgres:OperationTimeout", storage.Postgres.OperationTimeout),
        _ => new("SQLite's busy timeout (fixed)", SqliteBusyTimeout),
    };
}
