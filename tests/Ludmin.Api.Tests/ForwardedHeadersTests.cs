using System.Net;
using System.Net.Http.Json;
using Ludmin.Api.Tests.Support;

namespace Ludmin.Api.Tests;

/// <summary>
/// Behind a known proxy the client's address (for rate limits and the security log) is the one
/// the proxy forwards; from anyone else X-Forwarded-For is ignored, so a client cannot choose the
/// address its limits are counted against.
/// </summary>
public sealed class ForwardedHeadersTests : ApiTestBase
{
    private const string Proxy = "10.99.0.1";
    private const int UserRegisteredEventId = 1004;
    private readonly LogCapture _logs = new();

    protected override LudminFactoryOptions FactoryOptions => new()
    {
        ClientAddresses = true,
        Logs = _logs,
        Settings = new Dictionary<string, string?> { ["Ludmin:Proxy:KnownProxies:0"] = Proxy },
    };

    [Test]
    public async Task Register_ThroughAKnownProxy_LogsTheForwardedClientAddress()
    {
        var userId = await RegisterAsync(from: Proxy, forwardedFor: "203.0.113.7");

        Assert.That(RegisteredFrom(userId), Is.EqualTo("203.0.113.7"));
    }

    [Test]
    public async Task Register_FromAnUnknownAddress_IgnoresItsForwardedFor()
    {
        var userId = await RegisterAsync(from: "10.99.0.2", forwardedFor: "203.0.113.8");

        Assert.That(RegisteredFrom(userId), Is.EqualTo("10.99.0.2"));
    }

    private async Task<string> RegisterAsync(string from, string forwardedFor)
    {
        var token = await Api.PublicTokenAsync();
        using var request = new HttpRequestMessage(HttpMethod.Post, "/users")
        {
            Content = JsonContent.Create(new { full_name = "Ann Lee", email = Unique.Email(), password = LudminApi.Password, password_confirmation = LudminApi.Password }),
        };
        request.Headers.Add(ClientAddressStartupFilter.Header, from);
        request.Headers.Add("X-Forwarded-For", forwardedFor);
        request.Headers.Authorization = new System.Net.Http.Headers.AuthenticationHeaderValue("Bearer", token.Token);
        using var response = await Factory.Api.SendAsync(request);
        var profile = await Expect.JsonAsync(response, HttpStatusCode.Created);
        return profile["id"]!.GetValue<string>();
    }

    private string? RegisteredFrom(string userId) =>
        _logs.Entries.Single(e => e.EventId.Id == UserRegisteredEventId && e.Property("UserId") == userId).Property("ClientAddress");
}
