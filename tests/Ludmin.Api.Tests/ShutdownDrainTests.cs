using System.Net;
using System.Text.Json.Nodes;
using Ludmin.Api.Tests.Support;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Time.Testing;

namespace Ludmin.Api.Tests;

/// <summary>
/// A stop hands the traffic over: readiness turns 503 at once, every request is still served
/// (asking the client to close its connection) for <c>Ludmin:Shutdown:Drain</c>, and only then
/// does the server stop. The drain waits on the test's clock, so no wall time is involved.
/// </summary>
public sealed class ShutdownDrainTests
{
    [Test]
    public async Task Stop_DuringTheDrain_ReadinessIs503WhileRequestsAreStillServed()
    {
        var clock = new FakeTimeProvider(DateTimeOffset.UtcNow);
        await using var factory = new LudminFactory(new LudminFactoryOptions
        {
            Clock = clock,
            Settings = new Dictionary<string, string?> { ["Ludmin:Shutdown:Drain"] = "00:00:30" },
        });
        var api = new LudminApi(factory);
        var session = await api.NewSessionAsync("draining");

        using var client = factory.Server.CreateClient();

        // What SIGTERM starts: the host's stop.
        var stopping = factory.Services.GetRequiredService<IHost>().StopAsync();

        // The stop reaches the drain on a thread of its own; readiness turns as soon as it does.
        JsonNode? body = null;
        for (var attempt = 0; attempt < 200 && body is null; attempt++)
        {
            using var ready = await client.GetAsync("/health/ready");
            if (ready.StatusCode == HttpStatusCode.ServiceUnavailable)
            {
                body = JsonNode.Parse(await ready.Content.ReadAsStringAsync());
            }
            else
            {
                await Task.Delay(50);
            }
        }

        Assert.That(body, Is.Not.Null, "readiness never answered 503 during the drain");
        Assert.That((string?)body!["checks"]?["shutdown"]?["description"], Is.EqualTo("The instance is shutting down."));
        Assert.That((string?)body["checks"]?["store"]?["status"], Is.EqualTo("Healthy"));

        using (var live = await client.GetAsync("/health/live"))
        {
            Assert.That(live.StatusCode, Is.EqualTo(HttpStatusCode.OK));
        }

        using (var request = new HttpRequestMessage(HttpMethod.Get, "/users/me") { Headers = { { "Authorization", "Bearer " + session.Token } } })
        using (var served = await client.SendAsync(request))
        {
            await Expect.JsonAsync(served, HttpStatusCode.OK);
            Assert.That(served.Headers.ConnectionClose, Is.True, "kept-alive clients move to another instance before the listener closes");
        }

        Assert.That(stopping.IsCompleted, Is.False, "the server stops only after the drain");
        clock.Advance(TimeSpan.FromSeconds(30));
        await stopping.WaitAsync(TimeSpan.FromMinutes(1));
    }

    [Test]
    public async Task Ready_BeforeAnyStop_ReportsTheShutdownCheckHealthy()
    {
        await using var factory = new LudminFactory();
        var api = new LudminApi(factory);

        using var ready = await api.SendAsync(HttpMethod.Get, "/health/ready");

        var body = await Expect.JsonAsync(ready, HttpStatusCode.OK);
        Assert.That((string?)body["checks"]?["shutdown"]?["status"], Is.EqualTo("Healthy"));
    }
}
