using Ludmin.Application.Common.Options;
using Ludmin.Domain.LoginThrottles;

namespace Ludmin.Application.Common;

/// <summary>The failed-login slow-down around one login attempt, kept in the store for every instance.</summary>
internal sealed class LoginThrottling(ILoginThrottleRepository throttles, LoginThrottleOptions options, TimeProvider clock)
{
    /// <summary>Whether the address is waiting out earlier failures; the attempt must then fail whatever the password.</summary>
    public async Task<bool> IsBlockedAsync(string key, CancellationToken cancellationToken) =>
        options.Enabled && (await throttles.FindAsync(key, cancellationToken))?.IsBlocked(clock.GetUtcNow()) == true;

    /// <summary>
    /// Counts a failure, a blocked attempt's too (the domain's rule counts nothing while blocked,
    /// but the write is the same, so a blocked attempt costs what a wrong password costs). The
    /// store counts it in one atomic operation: racing failures are all counted, none is lost to
    /// a version conflict.
    /// </summary>
    public Task RecordFailureAsync(string key, CancellationToken cancellationToken) =>
        options.Enabled ? throttles.RecordFailureAsync(key, clock.GetUtcNow(), options.ToPolicy(), cancellationToken) : Task.CompletedTask;

    public Task ForgetAsync(string key, CancellationToken cancellationToken) =>
        options.Enabled ? throttles.DeleteAsync(key, cancellationToken) : Task.CompletedTask;
}
