using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace Ludmin.Infrastructure.Storage.Mongo;

/// <summary>Ready when the indexes are in place and the primary answers a ping; otherwise says why.</summary>
internal sealed class MongoHealthCheck(MongoStore store) : IHealthCheck
{
    public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        try
        {
            await store.EnsureIndexesAsync(cancellationToken);
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            return HealthCheckResult.Unhealthy("MongoDB indexes are not in place yet: " + MongoErrors.Describe(ex) + ".");
        }

        try
        {
            await store.PingAsync(cancellationToken);
            return HealthCheckResult.Healthy("MongoDB answers; indexes are in place.");
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            return HealthCheckResult.Unhealthy("MongoDB does not answer: " + MongoErrors.Describe(ex) + ".");
        }
    }
}
