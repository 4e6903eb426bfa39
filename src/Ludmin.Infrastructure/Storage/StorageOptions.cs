namespace Ludmin.Infrastructure.Storage;

/// <summary>Which store keeps the data (<c>Ludmin:Storage</c>).</summary>
public sealed class StorageOptions
{
    public const string Section = "Ludmin:Storage";

    public StorageProvider Provider { get; set; } = StorageProvider.Sqlite;

    public SqliteStorageOptions Sqlite { get; set; } = new();

    public MongoStorageOptions Mongo { get; set; } = new();

    public PostgresStorageOptions Postgres { get; set; } = new();
}
