using Ludmin.Api.Tests.Support;

namespace Ludmin.Api.Tests;

/// <summary>Outside Development, with no origins configured, no page may call the API: no CORS headers for anyone.</summary>
[TestFixture("Testing")]
[TestFixture("Production")]
public sealed class CorsUnconfiguredTests(string environment) : ApiTestBase
{
    protected override LudminFactoryOptions FactoryOptions => new() { Environment = environment };

    [TestCase("http://localhost:3000")]
    [TestCase("https://app.example.com")]
    [TestCase("null")]
    public async Task PreflightAndRequest_FromAnyOrigin_GetNoCorsHeaders(string origin)
    {
        using var preflight = await Cors.PreflightAsync(Factory, origin);
        using var request = await Cors.RequestAsync(Factory, origin);

        using (Assert.EnterMultipleScope())
        {
            Assert.That(Cors.AccessControlHeaders(preflight), Is.Empty);
            Assert.That(Cors.AccessControlHeaders(request), Is.Empty);
        }
    }
}
