namespace Ludmin.Infrastructure.Storage;

public sealed class MongoStorageOptions
{
    public string? ConnectionString { get; set; }

    public string Database { get; set; } = "ludmin";

    /// <summary>
    /// The one deadline of every store call: finding a primary, the driver's single retry of a
    /// retryable read or write, and the answer itself. The default outlasts an unplanned election
    /// at the server's defaults (about 12 s), so a write made during a failover waits for the new
    /// primary and succeeds instead of answering 503.
    /// </summary>
    public TimeSpan OperationTimeout { get; set; } = TimeSpan.FromSeconds(15);

    /// <summary>
    /// Whether the session check of every user-token request reads with read concern
    /// <c>linearizable</c>, so a primary cut off by a partition cannot honour a session already
    /// ended on the new primary (docs/security.md). Costs one majority round trip per check.
    /// </summary>
    public bool LinearizableSessionChecks { get; set; } = true;
}
