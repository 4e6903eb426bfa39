using System.Globalization;
using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using Ludmin.Api.Tests.Support;

namespace Ludmin.Api.Tests;

/// <summary>
/// Part of the hostile-input suite (<see cref="HostileInputTests"/>): a client that writes its own
/// X-Forwarded-For to a server with no proxy configured (the default). It must be counted, logged
/// and let into /metrics by its own address, loopback included, never by the one it claims; and an
/// IPv6 client is counted by its /64, so taking a new address per request buys no new allowance.
/// </summary>
public sealed class HostileForwardedHeadersTests : ApiTestBase
{
    private const int Allowance = 5;
    private const int LoginSucceededEventId = 1001;
    private const int UserRegisteredEventId = 1004;
    private readonly LogCapture _logs = new();

    protected override LudminFactoryOptions FactoryOptions => new()
    {
        RateLimits = true,
        ClientAddresses = true,
        Logs = _logs,
        Settings = new Dictionary<string, string?>
        {
            ["Ludmin:RateLimits:PublicTokens:PermitLimit"] = Allowance.ToString(CultureInfo.InvariantCulture),
            ["Ludmin:RateLimits:Logins:PermitLimit"] = Allowance.ToString(CultureInfo.InvariantCulture),
            ["Ludmin:Metrics:AllowedAddresses:0"] = "10.0.0.0/8",
        },
    };

    [Test]
    public async Task PublicTokens_WhenALoopbackClientClaimsANewForwardedAddressEachTime_Gets429OnceItsOwnAllowanceIsSpent()
    {
        var statuses = new List<HttpStatusCode>();
        for (var i = 1; i <= Allowance + 1; i++)
        {
            using var response = await SendAsync(HttpMethod.Post, "/tokens/public", from: "127.0.0.1", forwardedFor: $"10.9.0.{i}", new { device_id = Unique.Hex32() });
            statuses.Add(response.StatusCode);
        }

        Assert.That(statuses, Is.EqualTo(Enumerable.Repeat(HttpStatusCode.OK, Allowance).Append(HttpStatusCode.TooManyRequests)));
    }

    [Test]
    public async Task Logins_WhenAClientClaimsANewForwardedAddressEachTime_Gets429OnceItsOwnAllowanceIsSpent()
    {
        var user = await Api.RegisterAsync();
        var device = await Api.PublicTokenAsync();
        var statuses = new List<HttpStatusCode>();
        for (var i = 1; i <= Allowance + 1; i++)
        {
            using var response = await SendAsync(
                HttpMethod.Post, "/tokens", from: "::1", forwardedFor: $"10.9.1.{i}", new { email = user.Email, password = user.Password, description = "Forged" }, device.Token);
            statuses.Add(response.StatusCode);
        }

        Assert.That(statuses, Is.EqualTo(Enumerable.Repeat(HttpStatusCode.Created, Allowance).Append(HttpStatusCode.TooManyRequests)));
    }

    [Test]
    public async Task PublicTokens_WhenAnIPv6ClientTakesANewAddressOfItsSlash64EachTime_Gets429OnceTheSlash64sAllowanceIsSpent()
    {
        var statuses = new List<HttpStatusCode>();
        for (var i = 1; i <= Allowance + 1; i++)
        {
            using var response = await Api.From($"2001:db8:64:1::{i:x}").SendAsync(HttpMethod.Post, "/tokens/public", json: new { device_id = Unique.Hex32() });
            statuses.Add(response.StatusCode);
        }

        using var neighbour = await Api.From("2001:db8:64:2::1").SendAsync(HttpMethod.Post, "/tokens/public", json: new { device_id = Unique.Hex32() });

        Assert.That(statuses, Is.EqualTo(Enumerable.Repeat(HttpStatusCode.OK, Allowance).Append(HttpStatusCode.TooManyRequests)));
        Assert.That(neighbour.StatusCode, Is.EqualTo(HttpStatusCode.OK), "another /64 has an allowance of its own");
    }

    [Test]
    public async Task SecurityLog_WhenAClientClaimsAForwardedAddress_RecordsTheClientsOwn()
    {
        var client = Unique.ClientAddress();
        var email = Unique.Email("forged-origin");
        var device = await Api.PublicTokenAsync();
        string userId;
        using (var registered = await SendAsync(
            HttpMethod.Post, "/users", client, forwardedFor: "203.0.113.66", new { full_name = "Ann Lee", email, password = LudminApi.Password, password_confirmation = LudminApi.Password }, device.Token))
        {
            userId = (string)(await Expect.JsonAsync(registered, HttpStatusCode.Created))["id"]!;
        }

        using (var login = await SendAsync(HttpMethod.Post, "/tokens", client, forwardedFor: "203.0.113.67", new { email, password = LudminApi.Password, description = "Forged" }, device.Token))
        {
            Assert.That(login.StatusCode, Is.EqualTo(HttpStatusCode.Created));
        }

        var addresses = _logs.Entries
            .Where(e => e.EventId.Id is UserRegisteredEventId or LoginSucceededEventId && e.Property("UserId") == userId)
            .Select(e => e.Property("ClientAddress"));
        Assert.That(addresses, Is.EqualTo(new[] { client, client }));
        Assert.That(_logs.AllText, Does.Not.Contain("203.0.113.66").And.Not.Contain("203.0.113.67"));
    }

    [Test]
    public async Task Metrics_WhenAClientOnlyClaimsAForwardedAddressInTheAllowedNetwork_Is404()
    {
        using var forged = await SendAsync(HttpMethod.Get, "/metrics", from: Unique.ClientAddress(), forwardedFor: "10.1.2.3");
        using var inside = await Api.From("10.1.2.3").SendAsync(HttpMethod.Get, "/metrics");

        await Expect.ProblemAsync(forged, HttpStatusCode.NotFound, "not_found");
        Assert.That(inside.StatusCode, Is.EqualTo(HttpStatusCode.OK), "a client really inside the network is served");
    }

    private async Task<HttpResponseMessage> SendAsync(HttpMethod method, string path, string from, string forwardedFor, object? body = null, string? token = null)
    {
        using var request = new HttpRequestMessage(method, path) { Content = body is null ? null : JsonContent.Create(body) };
        request.Headers.Add(ClientAddressStartupFilter.Header, from);
        request.Headers.Add("X-Forwarded-For", forwardedFor);
        if (token is not null)
        {
            request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
        }

        return await Factory.Api.SendAsync(request);
    }
}
