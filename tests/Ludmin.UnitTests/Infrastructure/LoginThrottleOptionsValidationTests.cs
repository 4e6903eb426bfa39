using Ludmin.Application.Common.Options;
using Ludmin.Infrastructure.Settings;

namespace Ludmin.UnitTests.Infrastructure;

/// <summary><c>Ludmin:RateLimits:FailedLogins</c>: a throttle must not be forgotten while it still blocks.</summary>
public sealed class LoginThrottleOptionsValidationTests
{
    [Test]
    public void Validate_WhenForgetAfterIsShorterThanMaxDelay_RefusesNamingBothSettings()
    {
        var options = new LoginThrottleOptions { MaxDelay = TimeSpan.FromMinutes(15), ForgetAfter = TimeSpan.FromMinutes(10) };

        var result = new LoginThrottleOptionsValidation().Validate(null, options);

        Assert.Multiple(() =>
        {
            Assert.That(result.Failed, Is.True);
            Assert.That(result.FailureMessage, Does.Contain("ForgetAfter").And.Contain("MaxDelay"));
        });
    }

    [Test]
    public void Validate_WhenForgetAfterEqualsMaxDelay_Accepts()
    {
        var options = new LoginThrottleOptions { MaxDelay = TimeSpan.FromMinutes(15), ForgetAfter = TimeSpan.FromMinutes(15) };

        Assert.That(new LoginThrottleOptionsValidation().Validate(null, options).Succeeded, Is.True);
    }
}
