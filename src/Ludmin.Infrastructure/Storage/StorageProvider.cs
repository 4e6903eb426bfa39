namespace Ludmin.Infrastructure.Storage;

public enum StorageProvider
{
    /// <summary>An embedded file: one machine, no server to run. The default.</summary>
    Sqlite,

    /// <summary>A MongoDB server, replica set or Atlas: many stateless API instances.</summary>
    Mongo,

    /// <summary>A PostgreSQL server, alone or with standbys: many stateless API instances.</summary>
    Postgres,
}
