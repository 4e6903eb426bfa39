using MongoDB.Driver;
using MongoDB.Driver.Core.Configuration;

namespace Ludmin.Infrastructure.Storage.Mongo;

/// <summary>
/// The client, made on first use rather than at start: making it reads DNS for
/// <c>mongodb+srv</c>, which must keep neither the start nor anything else waiting. A failure is
/// tried again on the next use.
/// </summary>
internal sealed class MongoConnection(
    string connectionString, string databaseName, bool linearizableSessionChecks, TimeSpan operationTimeout, MongoClientFactory createClient)
    : IDisposable
{
    // A lock of its own: making the client may wait on DNS, which nothing else should wait behind.
    private readonly Lock _making = new();
    private MongoCollections? _collections;
    private bool _disposed;

    public string DatabaseName => databaseName;

    /// <summary>The client and its collections, made now if not yet.</summary>
    public MongoCollections Collections()
    {
        if (Volatile.Read(ref _collections) is { } collections)
        {
            return collections;
        }

        lock (_making)
        {
            ObjectDisposedException.ThrowIf(_disposed, this);
            if (_collections is null)
            {
                IMongoClient client;
                try
                {
                    client = createClient(connectionString, operationTimeout);
                }
                catch (Exception ex)
                {
                    throw new MongoClientCreationException(ex);
                }

                Volatile.Write(ref _collections, new MongoCollections(client, databaseName, linearizableSessionChecks));
            }

            return _collections;
        }
    }

    /// <summary>
    /// <see cref="MongoErrors.Describe"/>, made exact for a <c>mongodb+srv</c> name whose SRV
    /// records gave no server: the driver looks them up in the background and then only reports
    /// that no server could be selected.
    /// </summary>
    public string Explain(Exception exception) =>
        exception is TimeoutException and not MongoOperationTimeoutException
        && Volatile.Read(ref _collections) is { } collections
        && collections.Client.Settings.Scheme == ConnectionStringScheme.MongoDBPlusSrv
        && collections.Client.Cluster.Description.Servers.Count == 0
            ? "no MongoDB server answered within the server selection timeout: the SRV records of the mongodb+srv name gave no server"
            : MongoErrors.Describe(exception);

    public void Dispose()
    {
        lock (_making)
        {
            _disposed = true;
            _collections?.Client.Dispose();
        }
    }
}
