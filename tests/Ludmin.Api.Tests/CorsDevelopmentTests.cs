using System.Net;
using Ludmin.Api.Tests.Support;

namespace Ludmin.Api.Tests;

/// <summary>In Development, as the seed description allowed (docs/seed.md), a page from any origin may call the API; never with credentials (tokens are not cookies).</summary>
public sealed class CorsDevelopmentTests : ApiTestBase
{
    protected override LudminFactoryOptions FactoryOptions => new() { Environment = "Development" };

    [TestCase("http://localhost:3000")]
    [TestCase("https://anything.example.org")]
    public async Task Preflight_FromAnyOrigin_IsAllowed(string origin)
    {
        using var response = await Cors.PreflightAsync(Factory, origin);

        using (Assert.EnterMultipleScope())
        {
            Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.NoContent));
            Assert.That(Cors.Values(response, Cors.AllowOrigin), Is.EqualTo(new[] { "*" }));
            Assert.That(Cors.Values(response, "Access-Control-Allow-Methods").SelectMany(v => v.Split(',')), Does.Contain("PUT"));
            Assert.That(Cors.Values(response, "Access-Control-Allow-Credentials"), Is.Empty);
        }
    }

    [TestCase("http://localhost:3000")]
    [TestCase("https://anything.example.org")]
    public async Task Request_FromAnyOrigin_IsAllowed(string origin)
    {
        using var response = await Cors.RequestAsync(Factory, origin);

        using (Assert.EnterMultipleScope())
        {
            Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.OK));
            Assert.That(Cors.Values(response, Cors.AllowOrigin), Is.EqualTo(new[] { "*" }));
        }
    }
}
