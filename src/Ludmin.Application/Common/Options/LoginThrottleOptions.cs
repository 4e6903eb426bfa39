using Ludmin.Domain.LoginThrottles;

namespace Ludmin.Application.Common.Options;

/// <summary>How failed logins slow an address down (<c>Ludmin:RateLimits:FailedLogins</c>).</summary>
public sealed class LoginThrottleOptions
{
    public const string Section = "Ludmin:RateLimits:FailedLogins";

    /// <summary>False turns the per-address slow-down off (load tests).</summary>
    public bool Enabled { get; set; } = true;

    public int FreeFailures { get; set; } = LoginThrottlePolicy.Default.FreeFailures;

    public TimeSpan BaseDelay { get; set; } = LoginThrottlePolicy.Default.BaseDelay;

    public TimeSpan MaxDelay { get; set; } = LoginThrottlePolicy.Default.MaxDelay;

    public TimeSpan ForgetAfter { get; set; } = LoginThrottlePolicy.Default.ForgetAfter;

    public LoginThrottlePolicy ToPolicy() => new(FreeFailures, BaseDelay, MaxDelay, ForgetAfter);
}
