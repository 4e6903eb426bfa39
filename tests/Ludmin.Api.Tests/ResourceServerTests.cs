using System.Net;
using System.Net.Http.Headers;
using System.Security.Claims;
using Ludmin.Api.Tests.Support;
using Microsoft.AspNetCore.Authentication.JwtBearer;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.Logging;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

namespace Ludmin.Api.Tests;

/// <summary>
/// Proof that another service needs nothing of Ludmin but its address: a separate ASP.NET Core
/// app whose stock JwtBearer knows only Ludmin's Authority (and its own audience) reads the
/// discovery document and the JWKS over HTTP, accepts a Ludmin user token and refuses a forged,
/// an expired and a wrong-audience one. It shares no code, key or setting with Ludmin.
/// </summary>
public sealed class ResourceServerTests
{
    private LudminFactory _ludmin = null!;
    private WebApplication _service = null!;
    private HttpClient _client = null!;

    [OneTimeSetUp]
    public async Task StartBothAsync()
    {
        _ludmin = new LudminFactory(new LudminFactoryOptions { Settings = TestTokens.Es256Settings() });
        _ = _ludmin.Server;

        var builder = WebApplication.CreateBuilder(new WebApplicationOptions { EnvironmentName = Environments.Production, ApplicationName = "resource-server" });
        builder.WebHost.UseTestServer();
        builder.Logging.SetMinimumLevel(LogLevel.Warning);
        builder.Services.AddAuthentication(JwtBearerDefaults.AuthenticationScheme).AddJwtBearer(options =>
        {
            options.Authority = "http://localhost"; // Ludmin's address; everything else comes from its discovery document
            options.RequireHttpsMetadata = false; // the in-process server speaks plain HTTP
            options.BackchannelHttpHandler = _ludmin.Server.CreateHandler();
            options.Audience = TestTokens.Audience;
            options.MapInboundClaims = false;
        });
        builder.Services.AddAuthorization();
        _service = builder.Build();
        _service.UseAuthentication();
        _service.UseAuthorization();
        _service.MapGet("/whoami", (ClaimsPrincipal user) => user.FindFirstValue("sub") ?? "public").RequireAuthorization();
        await _service.StartAsync();
        _client = _service.GetTestClient();
    }

    [OneTimeTearDown]
    public async Task StopBothAsync()
    {
        _client.Dispose();
        await _service.DisposeAsync();
        await _ludmin.DisposeAsync();
    }

    [Test]
    public async Task Service_WhenGivenALudminUserToken_AcceptsIt()
    {
        var session = await new LudminApi(_ludmin).NewSessionAsync("resource");

        using var response = await WhoAmIAsync(session.Token);

        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.OK));
        Assert.That(await response.Content.ReadAsStringAsync(), Is.EqualTo(session.User.Id));
    }

    [Test]
    public async Task Service_WhenGivenATokenSignedWithAnotherKey_RefusesIt()
    {
        var session = await new LudminApi(_ludmin).NewSessionAsync("resource");

        using var forged = await WhoAmIAsync(Es256ForgedTokens.Signed(session, TestTokens.EcCredentials(TestTokens.ForgerEcPem)));
        using var control = await WhoAmIAsync(Es256ForgedTokens.Signed(session, TestTokens.EcCredentials()));

        Assert.That(forged.StatusCode, Is.EqualTo(HttpStatusCode.Unauthorized));
        Assert.That(control.StatusCode, Is.EqualTo(HttpStatusCode.OK), "the same token signed with Ludmin's key is taken");
    }

    [Test]
    public async Task Service_WhenGivenAnExpiredLudminToken_RefusesIt()
    {
        var session = await new LudminApi(_ludmin).NewSessionAsync("resource");

        // An hour: beyond the five minutes of skew a stock JwtBearer allows.
        using var response = await WhoAmIAsync(Es256ForgedTokens.Signed(session, TestTokens.EcCredentials(), expires: DateTimeOffset.UtcNow.AddHours(-1)));

        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.Unauthorized));
        Assert.That(response.Headers.WwwAuthenticate.ToString(), Does.Contain("expired"));
    }

    [Test]
    public async Task Service_WhenGivenALudminTokenForAnotherAudience_RefusesIt()
    {
        var session = await new LudminApi(_ludmin).NewSessionAsync("resource");

        using var response = await WhoAmIAsync(Es256ForgedTokens.Signed(session, TestTokens.EcCredentials(), audience: "another-service"));

        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.Unauthorized));
    }

    [Test]
    public async Task Service_WhenGivenALudminTokenOfAnotherIssuer_RefusesIt()
    {
        var session = await new LudminApi(_ludmin).NewSessionAsync("resource");

        using var response = await WhoAmIAsync(Es256ForgedTokens.Signed(session, TestTokens.EcCredentials(), issuer: "someone-else"));

        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.Unauthorized));
    }

    [Test]
    public async Task Service_WhenGivenALudminPublicToken_RefusesIt()
    {
        var device = await new LudminApi(_ludmin).PublicTokenAsync();

        using var response = await WhoAmIAsync(device.Token);

        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.Unauthorized), "a public token is for an audience of its own");
    }

    [Test]
    public async Task Service_WhenGivenASecondFactorToken_RefusesIt()
    {
        var api = new LudminApi(_ludmin);
        var session = await api.NewSessionAsync("resource.2fa");
        await api.EnrolTotpAsync(session, DateTimeOffset.UtcNow);
        var step = await api.StartLoginAsync(session.User);

        using var response = await WhoAmIAsync((string)step["token"]!);

        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.Unauthorized), "a second-factor token is for an audience of its own");
    }

    private async Task<HttpResponseMessage> WhoAmIAsync(string token)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, "/whoami");
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
        return await _client.SendAsync(request);
    }
}
