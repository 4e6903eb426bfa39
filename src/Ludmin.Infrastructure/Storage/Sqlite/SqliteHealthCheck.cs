using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace Ludmin.Infrastructure.Storage.Sqlite;

/// <summary>Ready when the database file answers a read.</summary>
internal sealed class SqliteHealthCheck(SqliteDatabase database) : IHealthCheck
{
    public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        try
        {
            await database.ReadAsync(connection =>
            {
                using var command = connection.CreateCommand();
                command.CommandText = "SELECT 1";
                return command.ExecuteScalar();
            }, cancellationToken);
            return HealthCheckResult.Healthy("SQLite answers.");
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            return HealthCheckResult.Unhealthy("SQLite does not answer: " + ex.GetType().Name);
        }
    }
}
