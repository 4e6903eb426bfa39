using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace Ludmin.Infrastructure.Storage.Mongo;

/// <summary>
/// Ready when the indexes are in place and the primary answers a ping within the operation
/// timeout; otherwise says why. It never waits on an index build: it reports the store's state.
/// </summary>
internal sealed class MongoHealthCheck(MongoStore store) : IHealthCheck
{
    public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        if (!store.IndexesReady)
        {
            // Starts the background work if nobody has (a host that skipped the start tasks).
            await ((IStoreInitializer)store).InitializeAsync(cancellationToken);
            return HealthCheckResult.Unhealthy(store.NotReadyReason + ".");
        }

        try
        {
            await store.PingAsync(cancellationToken);
            return HealthCheckResult.Healthy("MongoDB answers; indexes are in place.");
        }
        catch (Exception ex) when (ex is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
        {
            return HealthCheckResult.Unhealthy("MongoDB does not answer: " + store.Explain(ex) + ".");
        }
    }
}
