using Ludmin.Application.Common.Options;
using Ludmin.Domain.LoginThrottles;

namespace Ludmin.UnitTests.Application.Common;

public sealed class LoginThrottleOptionsTests
{
    [Test]
    public void ToPolicy_WhenNothingIsConfigured_IsTheDefaultPolicyAndEnabled()
    {
        var options = new LoginThrottleOptions();

        Assert.That(options.ToPolicy(), Is.EqualTo(LoginThrottlePolicy.Default));
        Assert.That(options.Enabled, Is.True);
    }

    [Test]
    public void ToPolicy_WhenConfigured_CarriesEverySetting()
    {
        var options = new LoginThrottleOptions
        {
            FreeFailures = 7,
            BaseDelay = TimeSpan.FromSeconds(3),
            MaxDelay = TimeSpan.FromMinutes(9),
            ForgetAfter = TimeSpan.FromDays(1),
        };

        Assert.That(options.ToPolicy(), Is.EqualTo(new LoginThrottlePolicy(7, TimeSpan.FromSeconds(3), TimeSpan.FromMinutes(9), TimeSpan.FromDays(1))));
    }
}
