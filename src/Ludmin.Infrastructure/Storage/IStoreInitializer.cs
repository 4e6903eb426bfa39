namespace Ludmin.Infrastructure.Storage;

/// <summary>Creates or migrates the store's schema and indexes; safe to run on every start.</summary>
public interface IStoreInitializer
{
    /// <summary>Starts the work; it may go on in the background (MongoDB), so the start never waits on a store that is down.</summary>
    Task InitializeAsync(CancellationToken cancellationToken);

    /// <summary>
    /// For callers that may wait (the command line): completes once the store can serve, or
    /// throws the "store unavailable" domain error. SQLite is ready once initialized.
    /// </summary>
    Task WaitUntilReadyAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
