using Ludmin.Application.Common.Options;
using Microsoft.Extensions.Options;

namespace Ludmin.Infrastructure.Settings;

/// <summary>The failed-login slow-down (<c>Ludmin:RateLimits:FailedLogins</c>), checked at start.</summary>
internal sealed class LoginThrottleOptionsValidation : IValidateOptions<LoginThrottleOptions>
{
    public ValidateOptionsResult Validate(string? name, LoginThrottleOptions options) => OptionsFailures.From(Failures(options));

    private static IEnumerable<string> Failures(LoginThrottleOptions o)
    {
        if (!(o.FreeFailures >= 1 && o.BaseDelay > TimeSpan.Zero && o.MaxDelay >= o.BaseDelay && o.ForgetAfter > TimeSpan.Zero))
        {
            yield return "Ludmin:RateLimits:FailedLogins: FreeFailures at least 1, BaseDelay positive, MaxDelay at least BaseDelay, ForgetAfter positive.";
        }

        // A throttle forgotten before its block ends would stop blocking early.
        if (o.ForgetAfter < o.MaxDelay)
        {
            yield return "Ludmin:RateLimits:FailedLogins:ForgetAfter must be at least Ludmin:RateLimits:FailedLogins:MaxDelay, or a throttle is forgotten while it still blocks.";
        }
    }
}
