namespace Ludmin.Infrastructure.Storage;

public sealed class MongoStorageOptions
{
    public string? ConnectionString { get; set; }

    public string Database { get; set; } = "ludmin";
}
