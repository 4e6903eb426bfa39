using System.Collections.Concurrent;
using System.Diagnostics.Metrics;
using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Ludmin.Consumer.Tests.Support;

namespace Ludmin.Consumer.Tests;

/// <summary>
/// What an operator's dashboard reads: request count and latency per endpoint, and logins by
/// outcome, through System.Diagnostics.Metrics (as docs/operations.md lists them).
/// </summary>
[NonParallelizable]
public sealed class RequestMetricsTests
{
    private readonly ConcurrentBag<(string Instrument, double Value, Dictionary<string, object?> Tags)> _measurements = [];
    private MeterListener _listener = null!;
    private ConsumerFactory _factory = null!;

    [OneTimeSetUp]
    public void Listen()
    {
        _listener = new MeterListener
        {
            InstrumentPublished = (instrument, listener) =>
            {
                if (instrument.Name is "http.server.request.duration" or "ludmin.logins")
                {
                    listener.EnableMeasurementEvents(instrument);
                }
            },
        };
        _listener.SetMeasurementEventCallback<double>((instrument, value, tags, _) => Record(instrument, value, tags));
        _listener.SetMeasurementEventCallback<long>((instrument, value, tags, _) => Record(instrument, value, tags));
        _listener.Start();
        _factory = new ConsumerFactory();
    }

    [OneTimeTearDown]
    public void Stop()
    {
        _listener.Dispose();
        _factory.Dispose();
    }

    [Test]
    public async Task Requests_AreMeasuredPerEndpoint_AndLoginsByOutcome()
    {
        using var client = _factory.CreateClient();
        var device = Convert.ToHexStringLower(Guid.NewGuid().ToByteArray());
        var email = $"metrics.{Guid.NewGuid():N}@example.com";
        var token = await PostAsync<JsonObject>(client, "/tokens/public", new { device_id = device }, null);
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token["token"]!.GetValue<string>());
        await PostAsync<JsonObject>(client, "/users", new { full_name = "Metrics", email, password = "correct horse battery", password_confirmation = "correct horse battery" }, HttpStatusCode.Created);
        using (var wrong = await client.PostAsJsonAsync("/tokens", new { email, password = "wrong password here", description = "x" }))
        {
            Assert.That(wrong.StatusCode, Is.EqualTo(HttpStatusCode.Unauthorized));
        }

        var login = await PostAsync<JsonObject>(client, "/tokens", new { email, password = "correct horse battery", description = "x" }, HttpStatusCode.Created);
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", login["token"]!.GetValue<string>());
        using (var me = await client.GetAsync("/users/me"))
        {
            Assert.That(me.StatusCode, Is.EqualTo(HttpStatusCode.OK));
        }

        _listener.RecordObservableInstruments();
        var requests = _measurements.Where(m => m.Instrument == "http.server.request.duration").ToList();
        Assert.That(requests.Where(m => Equals(m.Tags.GetValueOrDefault("http.route"), "users/{id}") && Equals(m.Tags.GetValueOrDefault("http.request.method"), "GET")), Is.Not.Empty, "GET users/{id} is measured under its route");
        Assert.That(requests.Count(m => Equals(m.Tags.GetValueOrDefault("http.route"), "tokens") && Equals(m.Tags.GetValueOrDefault("http.request.method"), "POST")), Is.GreaterThanOrEqualTo(2), "both logins are counted under one route");
        Assert.That(requests.Where(m => Equals(m.Tags.GetValueOrDefault("http.response.status_code"), 401)), Is.Not.Empty, "the status is a dimension");
        Assert.That(requests, Has.All.Matches<(string, double Value, Dictionary<string, object?>)>(m => m.Value >= 0), "a latency per request");

        var logins = _measurements.Where(m => m.Instrument == "ludmin.logins").ToList();
        Assert.That(logins.Count(m => Equals(m.Tags.GetValueOrDefault("outcome"), "succeeded")), Is.EqualTo(1));
        Assert.That(logins.Count(m => Equals(m.Tags.GetValueOrDefault("outcome"), "failed") && Equals(m.Tags.GetValueOrDefault("reason"), "wrong_password")), Is.EqualTo(1));
    }

    private void Record<T>(Instrument instrument, T value, ReadOnlySpan<KeyValuePair<string, object?>> tags)
        where T : struct
    {
        var copy = new Dictionary<string, object?>();
        foreach (var tag in tags)
        {
            copy[tag.Key] = tag.Value;
        }

        _measurements.Add((instrument.Name, Convert.ToDouble(value, System.Globalization.CultureInfo.InvariantCulture), copy));
    }

    private static async Task<T> PostAsync<T>(HttpClient client, string path, object body, HttpStatusCode? expected)
        where T : JsonNode
    {
        using var response = await client.PostAsJsonAsync(path, body);
        Assert.That(response.StatusCode, Is.EqualTo(expected ?? HttpStatusCode.OK), await response.Content.ReadAsStringAsync());
        return (T)JsonNode.Parse(await response.Content.ReadAsStringAsync())!;
    }
}
