using System.Diagnostics.Metrics;
using Ludmin.Domain.Users;
using Ludmin.Infrastructure.Security;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace Ludmin.Infrastructure.Observability;

/// <summary>
/// <c>ludmin.users.imported_hashes{format}</c>: how many users still hold a hash another system
/// made, by its format (<c>bcrypt</c>, <c>aspnet_identity_v3</c>, …; <c>none</c> for imported users
/// without a password), read from the store (<see cref="IUserRepository.CountImportedHashesAsync"/>)
/// rather than counted in memory, so every instance reports the store's truth, across restarts and
/// whoever imported or upgraded. The count scans the users, so a scrape reads the last count and,
/// when that is older than <see cref="MaxAge"/>, starts a new one in the background: the figure is
/// at most a minute and a scrape late.
/// </summary>
internal sealed partial class ImportedHashesGauge : IHostedService
{
    public static readonly TimeSpan MaxAge = TimeSpan.FromMinutes(1);

    private readonly IUserRepository _users;
    private readonly TimeProvider _clock;
    private readonly ILogger<ImportedHashesGauge> _logger;
    private IReadOnlyDictionary<string, long> _counts = new Dictionary<string, long>();
    private DateTimeOffset? _countedAt;
    private int _counting;

    public ImportedHashesGauge(IMeterFactory meters, IUserRepository users, TimeProvider clock, ILogger<ImportedHashesGauge> logger)
    {
        _users = users;
        _clock = clock;
        _logger = logger;
        meters.Create(LudminMetrics.MeterName).CreateObservableGauge(
            "ludmin.users.imported_hashes",
            Observe,
            unit: "{user}",
            description: "Users still holding an imported password hash, by format (none: imported without a password); counted in the store at most once a minute.");
    }

    public Task StartAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    /// <summary>Counts now; one count at a time (a second caller returns at once).</summary>
    internal async Task RefreshAsync(CancellationToken cancellationToken)
    {
        if (Interlocked.Exchange(ref _counting, 1) == 1)
        {
            return;
        }

        try
        {
            _counts = await _users.CountImportedHashesAsync(cancellationToken);
            _countedAt = _clock.GetUtcNow();
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            // The metric goes stale; the store's own health and metrics say why.
            LogCountFailed(ex.GetType().Name);
        }
        finally
        {
            Volatile.Write(ref _counting, 0);
        }
    }

    private IEnumerable<Measurement<long>> Observe()
    {
        if (_countedAt is not { } countedAt || _clock.GetUtcNow() - countedAt >= MaxAge)
        {
            _ = Task.Run(() => RefreshAsync(CancellationToken.None));
        }

        return _counts.Select(c => new Measurement<long>(c.Value, new KeyValuePair<string, object?>("format", c.Key)));
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Counting the users with imported password hashes failed ({Failure}); the metric keeps its last count.")]
    private partial void LogCountFailed(string failure);
}
