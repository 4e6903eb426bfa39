using System.Net;
using Ludmin.Api.Tests.Support;

namespace Ludmin.Api.Tests;

/// <summary>Outside Development, with Ludmin:Cors:AllowedOrigins set, those origins and no others may call the API from a page.</summary>
[TestFixture("Testing")]
[TestFixture("Production")]
public sealed class CorsConfiguredOriginsTests(string environment) : ApiTestBase
{
    private const string Allowed = "https://app.example.com";
    private const string AlsoAllowed = "https://admin.example.com";

    protected override LudminFactoryOptions FactoryOptions => new() { Environment = environment, CorsAllowedOrigins = [Allowed, AlsoAllowed] };

    [TestCase(Allowed)]
    [TestCase(AlsoAllowed)]
    public async Task Preflight_FromAConfiguredOrigin_IsAllowedForThatOrigin(string origin)
    {
        using var response = await Cors.PreflightAsync(Factory, origin);

        using (Assert.EnterMultipleScope())
        {
            Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.NoContent));
            Assert.That(Cors.Values(response, Cors.AllowOrigin), Is.EqualTo(new[] { origin }));
            Assert.That(Cors.Values(response, "Access-Control-Allow-Credentials"), Is.Empty);
        }
    }

    [TestCase(Allowed)]
    [TestCase(AlsoAllowed)]
    public async Task Request_FromAConfiguredOrigin_IsAllowedForThatOrigin(string origin)
    {
        using var response = await Cors.RequestAsync(Factory, origin);

        Assert.That(Cors.Values(response, Cors.AllowOrigin), Is.EqualTo(new[] { origin }));
    }

    [TestCase("https://evil.example.net")]
    [TestCase("http://app.example.com")]
    [TestCase("https://app.example.com.evil.example.net")]
    [TestCase("null")]
    public Task PreflightAndRequest_FromAnotherOrigin_GetNoCorsHeaders(string origin) =>
        Cors.AssertNoHeadersForAsync(Factory, origin);
}
