namespace Ludmin.Infrastructure.Storage;

public sealed class PostgresStorageOptions
{
    /// <summary>
    /// An Npgsql connection string. Several hosts (<c>Host=db1,db2</c>) with
    /// <c>Target Session Attributes=primary</c> make every connection go to whichever of them is
    /// the primary now, so a promoted standby is found without a restart (docs/operations.md).
    /// </summary>
    public string? ConnectionString { get; set; }

    /// <summary>
    /// The one deadline of every store call: getting a connection (from the pool, or from a host
    /// that is the primary now), every statement and the commit. Past it the call answers 503
    /// <c>store_unavailable</c>; a commit it interrupts may still have been kept by the server,
    /// and is never acknowledged. <c>Ludmin:Tokens:RefreshReuseGrace</c> must outlast it (plus 5 s).
    /// </summary>
    public TimeSpan OperationTimeout { get; set; } = TimeSpan.FromSeconds(15);
}
