using System.Net;
using System.Net.Http.Headers;
using System.Text;
using Ludmin.Api.RateLimits;
using Ludmin.Api.Tests.Support;

namespace Ludmin.Api.Tests;

/// <summary>
/// Every answer, successes and refusals, 404s and 429s and Swagger's alike, says no MIME sniffing
/// and no framing; every answer of the API proper (tokens above all) says it must not be stored.
/// </summary>
public sealed class SecurityHeadersTests : ApiTestBase
{
    protected override LudminFactoryOptions FactoryOptions => new() { RateLimits = true, ClientAddresses = true };

    [TestCaseSource(nameof(Cases))]
    public async Task Response_Always_ForbidsSniffingAndFraming(HeaderCase header)
    {
        using var response = await header.SendAsync(Api);

        Assert.That(response.StatusCode, Is.EqualTo(header.Status), await response.Content.ReadAsStringAsync());
        using (Assert.EnterMultipleScope())
        {
            Assert.That(Values(response, "X-Content-Type-Options"), Is.EqualTo(new[] { "nosniff" }));
            Assert.That(Values(response, "X-Frame-Options"), Is.EqualTo(new[] { "DENY" }));
        }
    }

    [TestCaseSource(nameof(ApiCases))]
    public async Task ApiResponse_Always_IsNotToBeStored(HeaderCase header)
    {
        using var response = await header.SendAsync(Api);

        Assert.That(response.StatusCode, Is.EqualTo(header.Status), await response.Content.ReadAsStringAsync());
        Assert.That(response.Headers.CacheControl?.NoStore, Is.True, $"Cache-Control: {response.Headers.CacheControl}");
    }

    private static IEnumerable<HeaderCase> ApiCases() => Cases().Where(c => !c.IsSwagger);

    private static IEnumerable<HeaderCase> Cases()
    {
        yield return new("a public token", HttpStatusCode.OK, api => api.SendAsync(HttpMethod.Post, "/tokens/public", json: new { device_id = Unique.Hex32() }));
        yield return new("a login token", HttpStatusCode.Created, async api =>
        {
            var user = await api.RegisterAsync();
            var device = await api.PublicTokenAsync();
            return await api.SendAsync(HttpMethod.Post, "/tokens", device.Token, new { email = user.Email, password = user.Password });
        });
        yield return new("a refreshed token", HttpStatusCode.OK, async api =>
        {
            var session = await api.NewSessionAsync();
            return await api.SendAsync(HttpMethod.Get, $"/tokens/{session.DeviceId}", session.Token);
        });
        yield return new("a logout", HttpStatusCode.NoContent, async api =>
        {
            var session = await api.NewSessionAsync();
            return await api.SendAsync(HttpMethod.Delete, $"/tokens/{session.DeviceId}", session.Token);
        });
        yield return new("a profile", HttpStatusCode.OK, async api => await api.SendAsync(HttpMethod.Get, "/users/me", (await api.NewSessionAsync()).Token));
        yield return new("a registration", HttpStatusCode.Created, async api => await api.SendAsync(HttpMethod.Post, "/users", (await api.PublicTokenAsync()).Token, new
        {
            full_name = "Header Lee",
            email = Unique.Email("headers"),
            password = LudminApi.Password,
            password_confirmation = LudminApi.Password,
        }));
        yield return new("a reset request", HttpStatusCode.Accepted, async api => await api.SendAsync(HttpMethod.Post, "/users/reset", (await api.PublicTokenAsync()).Token, new { email = Unique.Email("nobody") }));
        yield return new("a wrong password", HttpStatusCode.Unauthorized, async api =>
        {
            var user = await api.RegisterAsync();
            return await api.SendAsync(HttpMethod.Post, "/tokens", (await api.PublicTokenAsync()).Token, new { email = user.Email, password = "not the password" });
        });
        yield return new("a missing token", HttpStatusCode.Unauthorized, api => api.SendAsync(HttpMethod.Get, "/users/me"));
        yield return new("a garbage token", HttpStatusCode.Unauthorized, api => api.SendAsync(HttpMethod.Get, "/users/me", "garbage"));
        yield return new("a forbidden list", HttpStatusCode.Forbidden, async api => await api.SendAsync(HttpMethod.Get, "/users", (await api.NewSessionAsync()).Token));
        yield return new("an invalid field", HttpStatusCode.BadRequest, async api => await api.SendAsync(HttpMethod.Post, "/users/reset", (await api.PublicTokenAsync()).Token, new { email = "not an email" }));
        yield return new("malformed JSON", HttpStatusCode.BadRequest, async api => await api.SendContentAsync(HttpMethod.Post, "/users/reset", (await api.PublicTokenAsync()).Token, Body("{\"email\":", "application/json")));
        yield return new("an unknown user", HttpStatusCode.NotFound, async api => await api.SendAsync(HttpMethod.Get, $"/users/{Unique.Hex32()}", (await api.NewSessionAsync()).Token));
        yield return new("an unknown route", HttpStatusCode.NotFound, api => api.SendAsync(HttpMethod.Get, "/nothing/here"));
        yield return new("a method not allowed", HttpStatusCode.MethodNotAllowed, api => api.SendAsync(HttpMethod.Put, "/tokens/public", json: new { }));
        yield return new("a body too large", HttpStatusCode.RequestEntityTooLarge, api => api.SendContentAsync(HttpMethod.Post, "/tokens/public", null, Body(new string(' ', 20_000) + "{}", "application/json")));
        yield return new("a wrong media type", HttpStatusCode.UnsupportedMediaType, api => api.SendContentAsync(HttpMethod.Post, "/tokens/public", null, Body("{}", "text/plain")));
        yield return new("a rate limit", HttpStatusCode.TooManyRequests, async api =>
        {
            var from = api.From(Unique.ClientAddress());
            for (var i = 0; i < new RateLimitOptions().PublicTokens.PermitLimit; i++)
            {
                using var _ = await from.SendAsync(HttpMethod.Post, "/tokens/public", json: new { });
            }

            return await from.SendAsync(HttpMethod.Post, "/tokens/public", json: new { });
        });
        yield return new("liveness", HttpStatusCode.OK, api => api.SendAsync(HttpMethod.Get, "/health/live"));
        yield return new("readiness", HttpStatusCode.OK, api => api.SendAsync(HttpMethod.Get, "/health/ready"));
        yield return new("the OpenAPI document", HttpStatusCode.OK, api => api.SendAsync(HttpMethod.Get, "/swagger/v1/swagger.json"), IsSwagger: true);
        yield return new("the Swagger UI page", HttpStatusCode.OK, api => api.SendAsync(HttpMethod.Get, "/swagger/index.html"), IsSwagger: true);
        yield return new("the Swagger redirect", HttpStatusCode.MovedPermanently, api => api.SendAsync(HttpMethod.Get, "/swagger"), IsSwagger: true);
    }

    private static ByteArrayContent Body(string text, string mediaType)
    {
        var content = new ByteArrayContent(Encoding.UTF8.GetBytes(text));
        content.Headers.ContentType = new MediaTypeHeaderValue(mediaType);
        return content;
    }

    private static string[] Values(HttpResponseMessage response, string header) =>
        response.Headers.TryGetValues(header, out var values) ? [.. values] : [];
}
