using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using DnsClient;
using Ludmin.Api.Tests.Support;
using Ludmin.Infrastructure.Storage.Mongo;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.DependencyInjection;

namespace Ludmin.Api.Tests;

/// <summary>
/// The whole host on MongoDB through a <c>mongodb+srv</c> string whose DNS lookups fail (the
/// driver's own exception, thrown by the client factory): the process starts, lives, is not
/// ready and says why, and a request that needs the store gets 503 with Retry-After.
/// </summary>
public sealed class MongoSrvStartTests
{
    private LudminFactory _factory = null!;
    private HttpClient _client = null!;

    [SetUp]
    public void StartServer()
    {
        _factory = new LudminFactory(new LudminFactoryOptions
        {
            Settings = new Dictionary<string, string?>
            {
                ["Ludmin:Storage:Provider"] = "Mongo",
                ["Ludmin:Storage:Mongo:ConnectionString"] = "mongodb+srv://cluster0.ludmin.invalid/",
            },
        });
        MongoClientFactory noDns = (_, _) => throw new DnsResponseException("Query 4242 => _mongodb._tcp.cluster0.ludmin.invalid IN SRV on 192.0.2.53:53 timed out.");
        _client = _factory.WithWebHostBuilder(builder => builder.ConfigureTestServices(services => services.AddSingleton(noDns))).CreateClient();
    }

    [TearDown]
    public async Task StopServer()
    {
        _client.Dispose();
        await _factory.DisposeAsync();
    }

    [Test]
    public async Task Start_WhenSrvDnsFails_LivesIsNotReadyWithTheReasonAndAnswers503ForTheStore()
    {
        using var live = await _client.GetAsync(new Uri("/health/live", UriKind.Relative));
        Assert.That(live.StatusCode, Is.EqualTo(HttpStatusCode.OK));

        JsonNode ready;
        var attempts = 0;
        do
        {
            await Task.Delay(attempts++ == 0 ? 0 : 50);
            using var response = await _client.GetAsync(new Uri("/health/ready", UriKind.Relative));
            Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.ServiceUnavailable));
            ready = JsonNode.Parse(await response.Content.ReadAsStringAsync())!;
        }
        while (attempts < 600 && !((string?)ready["checks"]?["store"]?["description"] ?? "").Contains("DNS", StringComparison.Ordinal));

        Assert.That((string?)ready["checks"]?["store"]?["description"], Is.EqualTo("MongoDB indexes are not in place yet: the DNS records of the mongodb+srv name could not be resolved."));

        using var token = await _client.PostAsJsonAsync(new Uri("/tokens/public", UriKind.Relative), new { device_id = Unique.Hex32() });
        var publicToken = await Expect.JsonAsync(token, HttpStatusCode.OK);
        using var register = new HttpRequestMessage(HttpMethod.Post, "/users")
        {
            Content = JsonContent.Create(new { full_name = "Ann Lee", email = Unique.Email(), password = LudminApi.Password, password_confirmation = LudminApi.Password }),
        };
        register.Headers.Authorization = new System.Net.Http.Headers.AuthenticationHeaderValue("Bearer", (string)publicToken["token"]!);
        using var refused = await _client.SendAsync(register);

        await Expect.ProblemAsync(refused, HttpStatusCode.ServiceUnavailable, "store_unavailable");
        Assert.That(refused.Headers.RetryAfter, Is.Not.Null, "a 503 says when to come back");
    }
}
