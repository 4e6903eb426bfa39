using Ludmin.Application.Common;
using Ludmin.Application.Common.Options;
using Ludmin.Domain.Common;
using Ludmin.Domain.LoginThrottles;

namespace Ludmin.Application.Tokens.Login;

/// <summary>The failed-login slow-down around one login attempt, kept in the store for every instance.</summary>
internal sealed class LoginThrottling(ILoginThrottleRepository throttles, LoginThrottleOptions options, TimeProvider clock)
{
    /// <summary>Whether the address is waiting out earlier failures; the attempt must then fail whatever the password.</summary>
    public async Task<bool> IsBlockedAsync(string key, CancellationToken cancellationToken) =>
        options.Enabled && (await throttles.FindAsync(key, cancellationToken))?.IsBlocked(clock.GetUtcNow()) == true;

    /// <summary>Counts a failure. Racing failures are all counted: each attempt re-reads what the others saved.</summary>
    public async Task RecordFailureAsync(string key, CancellationToken cancellationToken)
    {
        if (!options.Enabled)
        {
            return;
        }

        var policy = options.ToPolicy();
        try
        {
            await ConflictRetry.RunAsync(async _ =>
            {
                var throttle = await throttles.FindAsync(key, cancellationToken) ?? LoginThrottle.Start(key);
                throttle.RecordFailure(clock.GetUtcNow(), policy);
                await throttles.SaveAsync(throttle, cancellationToken);
                return 0;
            });
        }
        catch (ConcurrencyException)
        {
            // A storm of failures for one address: the others were counted; the answer is the same.
        }
    }

    public Task ForgetAsync(string key, CancellationToken cancellationToken) =>
        options.Enabled ? throttles.DeleteAsync(key, cancellationToken) : Task.CompletedTask;
}
