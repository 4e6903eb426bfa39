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
    public Task PreflightAndRequest_FromAnyOrigin_GetNoCorsHeaders(string origin) =>
        Cors.AssertNoHeadersForAsync(Factory, origin);
}
