using System.Net;
using Ludmin.Api.Tests.Support;

namespace Ludmin.Api.Tests;

/// <summary>Outside Development, with no <c>Ludmin:Metrics</c> address or port configured, nobody may scrape, loopback included.</summary>
public sealed class MetricsUnconfiguredTests : ApiTestBase
{
    protected override LudminFactoryOptions FactoryOptions => new() { ClientAddresses = true };

    [TestCase("127.0.0.1")]
    [TestCase("::1")]
    [TestCase("203.0.113.9")]
    public async Task Scrape_WhenNothingIsConfigured_Is404(string from)
    {
        using var response = await Api.From(from).SendAsync(HttpMethod.Get, "/metrics");

        await Expect.ProblemAsync(response, HttpStatusCode.NotFound, "not_found");
    }
}
