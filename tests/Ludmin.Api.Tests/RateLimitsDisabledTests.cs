using System.Net;
using Ludmin.Api.RateLimits;
using Ludmin.Api.Tests.Support;

namespace Ludmin.Api.Tests;

/// <summary>Ludmin:RateLimits:Enabled=false (benchmarks, load tests): no per-address and no per-email limit answers 429.</summary>
public sealed class RateLimitsDisabledTests : ApiTestBase
{
    private static readonly RateLimitOptions Defaults = new();

    protected override LudminFactoryOptions FactoryOptions => new() { RateLimits = false, ClientAddresses = true };

    [TestCaseSource(typeof(RateLimitedEndpoint), nameof(RateLimitedEndpoint.All))]
    public async Task Endpoint_WhenRateLimitsAreDisabled_ServesBeyondTheAllowance(RateLimitedEndpoint endpoint)
    {
        var call = await endpoint.Prepare(Api);
        var client = Api.From(Unique.ClientAddress());
        var permits = endpoint.Limit(Defaults).PermitLimit;

        var statuses = new List<HttpStatusCode>();
        for (var i = 0; i < permits + 3; i++)
        {
            using var response = await endpoint.SendAsync(client, call);
            statuses.Add(response.StatusCode);
        }

        Assert.That(statuses, Is.All.EqualTo(endpoint.Served));
    }

    [Test]
    public async Task RequestReset_WhenRateLimitsAreDisabled_ServesOneEmailBeyondItsAllowance()
    {
        var email = (await Api.RegisterAsync()).Email;
        var token = (await Api.PublicTokenAsync()).Token;

        var statuses = new List<HttpStatusCode>();
        for (var i = 0; i < Defaults.ResetsPerEmail.PermitLimit + 3; i++)
        {
            using var response = await Api.From(Unique.ClientAddress()).SendAsync(HttpMethod.Post, "/users/reset", token, new { email });
            statuses.Add(response.StatusCode);
        }

        Assert.That(statuses, Is.All.EqualTo(HttpStatusCode.Accepted));
    }
}
