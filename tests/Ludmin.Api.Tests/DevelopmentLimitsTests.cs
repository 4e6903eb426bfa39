using System.Net;
using Ludmin.Api.Tests.Support;

namespace Ludmin.Api.Tests;

/// <summary>
/// Development's per-address limits leave room for the README's walk, run again and again, and
/// for trying things by hand: the limits other environments keep (10 registrations in 10
/// minutes from one address) would answer 429 after a few walks.
/// </summary>
public sealed class DevelopmentLimitsTests : ApiTestBase
{
    protected override LudminFactoryOptions FactoryOptions => new() { Environment = "Development", RateLimits = true };

    [Test]
    public async Task Registrations_WhenMoreThanOtherEnvironmentsAllowComeFromOneAddress_AreAllServed()
    {
        for (var attempt = 1; attempt <= 12; attempt++)
        {
            var token = await Api.PublicTokenAsync();
            using var response = await Api.SendRegistrationAsync(token.Token, Unique.Email("dev-limits"));

            Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.Created), $"registration {attempt}: {await response.Content.ReadAsStringAsync()}");
        }
    }
}
