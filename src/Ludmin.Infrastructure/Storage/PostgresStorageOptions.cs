namespace Ludmin.Infrastructure.Storage;

public sealed class PostgresStorageOptions
{
    /// <summary>
    /// An Npgsql connection string. Several hosts (<c>Host=db1,db2</c>) with
    /// <c>Target Session Attributes=primary</c> make every connection go to whichever of them is
    /// the primary now, so a promoted standby is found without a restart (docs/operations.md).
    /// </summary>
    public string? ConnectionString { get; set; }
}
