namespace Ludmin.Infrastructure.Storage.Checking;

public enum StoreCheckStatus
{
    Ok,

    /// <summary>Works, but not as production should run (a standalone server, a setting that could not be read).</summary>
    Warning,

    /// <summary>Does not hold: the store is not fit for Ludmin as it is.</summary>
    Failed,
}
