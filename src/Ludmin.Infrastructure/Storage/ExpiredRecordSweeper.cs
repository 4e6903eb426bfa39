using Ludmin.Domain.LoginThrottles;
using Ludmin.Domain.Passkeys;
using Ludmin.Domain.PasswordResets;
using Ludmin.Domain.SecondFactors;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace Ludmin.Infrastructure.Storage;

/// <summary>
/// Removes expired reset codes and forgotten login throttles from a store that has no expiry of
/// its own (SQLite; MongoDB has TTL indexes). Expired records are ignored anyway; this only keeps
/// the tables small.
/// </summary>
internal sealed partial class ExpiredRecordSweeper(IServiceScopeFactory scopes, TimeProvider clock, ILogger<ExpiredRecordSweeper> logger)
    : BackgroundService
{
    public static readonly TimeSpan Interval = TimeSpan.FromMinutes(1);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(Interval, clock);
        do
        {
            try
            {
                await using var scope = scopes.CreateAsyncScope();
                var now = clock.GetUtcNow();
                var removed = await scope.ServiceProvider.GetRequiredService<IPasswordResetRepository>().DeleteExpiredAsync(now, stoppingToken)
                    + await scope.ServiceProvider.GetRequiredService<ILoginThrottleRepository>().DeleteExpiredAsync(now, stoppingToken)
                    + await scope.ServiceProvider.GetRequiredService<ISecondFactorRepository>().DeleteExpiredAsync(now, stoppingToken)
                    + await scope.ServiceProvider.GetRequiredService<ISecondFactorChallengeRepository>().DeleteExpiredAsync(now, stoppingToken)
                    + await scope.ServiceProvider.GetRequiredService<IPasskeyChallengeRepository>().DeleteExpiredAsync(now, stoppingToken);
                if (removed > 0)
                {
                    LogRemoved(removed);
                }
            }
            catch (Exception ex) when (ex is not OperationCanceledException)
            {
                LogFailed(ex);
            }
        }
        while (await timer.WaitForNextTickAsync(stoppingToken));
    }

    [LoggerMessage(Level = LogLevel.Debug, Message = "Removed {Count} expired reset codes, login throttles, TOTP enrolments and second steps of logins.")]
    private partial void LogRemoved(int count);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Removing expired records failed; will retry.")]
    private partial void LogFailed(Exception exception);
}
