using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace Ludmin.Infrastructure.Storage.Postgres;

/// <summary>
/// Ready when a commit goes through on the primary (<see cref="PostgresDatabase.ProbeAsync"/>):
/// the schema is in place, the server is reachable and not read-only, and, with synchronous
/// replication, the standby acknowledged in time. Otherwise says why.
/// </summary>
internal sealed class PostgresHealthCheck(PostgresDatabase database) : IHealthCheck
{
    public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default) =>
        await database.ProbeAsync(cancellationToken) is { } reason
            ? HealthCheckResult.Unhealthy($"PostgreSQL cannot serve: {reason}.")
            : HealthCheckResult.Healthy("PostgreSQL takes writes on the primary; the schema is in place.");
}
