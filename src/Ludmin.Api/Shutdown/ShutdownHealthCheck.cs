using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace Ludmin.Api.Shutdown;

/// <summary>Not ready once a stop has begun: load balancers take the instance out during the drain.</summary>
internal sealed class ShutdownHealthCheck(ShutdownDrain drain) : IHealthCheck
{
    public Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default) =>
        Task.FromResult(drain.IsDraining
            ? HealthCheckResult.Unhealthy("The instance is shutting down.")
            : HealthCheckResult.Healthy("The instance is not shutting down."));
}
