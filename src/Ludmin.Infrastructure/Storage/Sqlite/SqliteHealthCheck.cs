using System.Globalization;
using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace Ludmin.Infrastructure.Storage.Sqlite;

/// <summary>
/// Ready when requests can be served, not merely when the file answers a read: the file is still
/// the one opened, a tiny durable write reaches the disk, and the data folder has free space
/// left. The answer is kept for <see cref="SqliteStorageOptions.ProbeInterval"/>, so a load
/// balancer asking often does not turn readiness into write load, unless a request has met a
/// store failure since that answer: then "ready" is probed again at once. The reasons say what to fix.
/// </summary>
internal sealed class SqliteHealthCheck(SqliteDatabase database, SqliteStorageOptions options, TimeProvider clock) : IHealthCheck, IDisposable
{
    private const long Mebibyte = 1024 * 1024;

    private readonly SemaphoreSlim _gate = new(1, 1);
    private HealthCheckResult? _last;
    private long _checkedAt;
    private long _failuresAtCheck;

    public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        if (Fresh() is { } fresh)
        {
            return fresh;
        }

        await _gate.WaitAsync(cancellationToken);
        try
        {
            // Whoever waited behind a probe takes its answer.
            if (Fresh() is { } probed)
            {
                return probed;
            }

            var failures = database.Failures;
            var result = await ProbeAsync(cancellationToken);
            _failuresAtCheck = failures;
            _last = result;
            _checkedAt = clock.GetTimestamp();
            return result;
        }
        finally
        {
            _gate.Release();
        }
    }

    public void Dispose() => _gate.Dispose();

    private HealthCheckResult? Fresh() =>
        _last is { } last
        && clock.GetElapsedTime(_checkedAt) < options.ProbeInterval
        && (last.Status != HealthStatus.Healthy || database.Failures == _failuresAtCheck)
            ? last
            : null;

    private async Task<HealthCheckResult> ProbeAsync(CancellationToken cancellationToken)
    {
        var reasons = new List<string>();
        if (LowSpace() is { } space)
        {
            reasons.Add(space);
        }

        if (await database.ProbeAsync(cancellationToken) is { } write)
        {
            reasons.Add(write);
        }

        return reasons.Count == 0
            ? HealthCheckResult.Healthy("SQLite takes writes; the file is the one opened; free space is above the minimum.")
            : HealthCheckResult.Unhealthy("SQLite cannot serve: " + string.Join("; ", reasons) + ".");
    }

    private string? LowSpace()
    {
        if (options.MinFreeSpaceMB <= 0)
        {
            return null;
        }

        long free;
        try
        {
            // On Unix DriveInfo asks statvfs about any path, so this is the data folder's own filesystem.
            free = new DriveInfo(database.Folder).AvailableFreeSpace;
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException or ArgumentException)
        {
            return "the free space of the data folder cannot be read (" + ex.GetType().Name + ")";
        }

        return free >= options.MinFreeSpaceMB * Mebibyte
            ? null
            : string.Create(CultureInfo.InvariantCulture, $"the data folder's filesystem has {free / (double)Mebibyte:0.0} MiB free, less than the {options.MinFreeSpaceMB} MiB of Ludmin:Storage:Sqlite:MinFreeSpaceMB");
    }
}
