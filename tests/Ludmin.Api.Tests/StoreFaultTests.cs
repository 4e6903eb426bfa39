using System.Net;
using System.Text.Json.Nodes;
using Ludmin.Api.Tests.Support;
using Microsoft.Extensions.Logging;

namespace Ludmin.Api.Tests;

/// <summary>
/// The SQLite store failing under a running server, end to end: every endpoint that needs the
/// store answers 503 <c>store_unavailable</c> with Retry-After (never 500, never a 2xx for a write
/// that is not on disk), readiness says why, and it serves again once the fault is gone. A reset
/// request is the exception: it is answered 202 before its work, which then fails in the log.
/// Each test breaks its own server's store.
/// </summary>
public sealed class StoreFaultTests
{
    private readonly LogCapture _logs = new(LogLevel.Warning);
    private LudminFactory _factory = null!;
    private LudminApi _api = null!;

    [SetUp]
    public void StartServer()
    {
        _factory = new LudminFactory(new LudminFactoryOptions { Logs = _logs });
        _api = new LudminApi(_factory);
    }

    [TearDown]
    public async Task StopServerAsync()
    {
        foreach (var path in Directory.EnumerateFileSystemEntries(_factory.DataDirectory, "*", SearchOption.AllDirectories))
        {
            FileAttribute.Clear(path);
        }

        await _factory.DisposeAsync();
    }

    [Test]
    public async Task RequestReset_WhenTheDatabaseFileWasDeleted_Answers202ButDeliversNoCodeAndLogsWhy()
    {
        var user = await _api.RegisterAsync(Unique.Email("deleted.store"));
        var device = await _api.PublicTokenAsync();

        File.Delete(_factory.DatabasePath);
        using var response = await _api.SendAsync(HttpMethod.Post, "/users/reset", device.Token, new { email = user.Email });

        // Answered before its work (so its time tells nothing about the address): the failure is the log's.
        await Expect.EmptyAsync(response, HttpStatusCode.Accepted);
        await WaitForLogAsync("ResetRequestFailed");
        Assert.That(ResetCodePickup.ReadAll(_factory.PickupDirectory), Is.Empty, "no code may go out that the store does not hold");
        Assert.That(await ReadinessReasonAsync(), Does.Contain("ludmin.db was deleted while Ludmin had it open"));
        Assert.That(_logs.Entries.Where(e => e.Level == LogLevel.Critical).Select(e => e.EventId.Name), Does.Contain("SqliteFileLost"));
    }

    [Test]
    public async Task EveryStoreEndpoint_AfterTheDatabaseFileWasDeleted_Answers503StoreUnavailable()
    {
        var session = await _api.NewSessionAsync("lost.store");
        var device = await _api.PublicTokenAsync();
        File.Delete(_factory.DatabasePath);

        // The first write finds the file gone; from then on the store refuses reads as well.
        using (var first = await _api.SendAsync(HttpMethod.Put, "/users/me", session.Token, new { full_name = "Not Stored" }))
        {
            await ExpectStoreUnavailableAsync(first);
        }

        var calls = new (HttpMethod Method, string Path, string Token, object? Body)[]
        {
            (HttpMethod.Post, "/users", device.Token, new { full_name = "New One", email = Unique.Email("new"), password = LudminApi.Password, password_confirmation = LudminApi.Password }),
            (HttpMethod.Post, "/tokens", device.Token, new { email = session.User.Email, password = LudminApi.Password, description = "Phone" }),
            (HttpMethod.Get, "/users/me", session.Token, null),
            (HttpMethod.Get, $"/tokens/{session.DeviceId}", session.Token, null),
            (HttpMethod.Delete, $"/tokens/{session.DeviceId}", session.Token, null),
            (HttpMethod.Put, "/users/reset", device.Token, new { email = session.User.Email, code = "123456", password = LudminApi.Password, password_confirmation = LudminApi.Password }),
        };
        foreach (var (method, path, token, body) in calls)
        {
            using var response = await _api.SendAsync(method, path, token, body);
            await ExpectStoreUnavailableAsync(response, $"{method} {path}");
        }

        using var publicToken = await _api.SendAsync(HttpMethod.Post, "/tokens/public", json: new { device_id = device.DeviceId });
        Assert.That(publicToken.StatusCode, Is.EqualTo(HttpStatusCode.OK), "what needs no store keeps working");
    }

    [Test]
    public async Task Register_WhenTheWalIsMadeImmutable_Returns503AndServesAgainOnceItIsWritable()
    {
        await _api.RegisterAsync(Unique.Email("before.wal"));
        var wal = _factory.DatabasePath + "-wal";

        FileAttribute.Set(wal, "+i");
        try
        {
            using var refused = await RegisterAsync(Unique.Email("during.wal"));
            await ExpectStoreUnavailableAsync(refused);
            Assert.That(await ReadinessReasonAsync(), Does.Contain("SQLite cannot serve"));
        }
        finally
        {
            FileAttribute.Clear(wal);
        }

        Assert.That(await ReadinessReasonAsync(), Is.Null);
        using var served = await RegisterAsync(Unique.Email("after.wal"));
        Assert.That(served.StatusCode, Is.EqualTo(HttpStatusCode.Created));
    }

    [Test]
    public async Task RequestReset_WhenThePickupFolderCannotBeWritten_Answers202AndLogsTheCodeNotWritten()
    {
        var user = await _api.RegisterAsync(Unique.Email("no.pickup"));
        var device = await _api.PublicTokenAsync();
        Directory.CreateDirectory(_factory.PickupDirectory);

        FileAttribute.Set(_factory.PickupDirectory, "+i");
        using var response = await _api.SendAsync(HttpMethod.Post, "/users/reset", device.Token, new { email = user.Email });

        await Expect.EmptyAsync(response, HttpStatusCode.Accepted);
        await WaitForLogAsync("ResetCodeNotWritten");
        await WaitForLogAsync("ResetRequestFailed");
    }

    /// <summary>Reset requests are worked on after their answer: polls briefly for the event the work logs.</summary>
    private async Task WaitForLogAsync(string eventName)
    {
        for (var poll = 0; poll < 200 && !_logs.Entries.Any(e => e.EventId.Name == eventName); poll++)
        {
            await Task.Delay(50);
        }

        Assert.That(_logs.Entries.Select(e => e.EventId.Name), Does.Contain(eventName));
    }

    private async Task<HttpResponseMessage> RegisterAsync(string email)
    {
        var device = await _api.PublicTokenAsync();
        return await _api.SendAsync(HttpMethod.Post, "/users", device.Token, new { full_name = "Ann Lee", email, password = LudminApi.Password, password_confirmation = LudminApi.Password });
    }

    /// <summary>The store check's reason while readiness is 503; null when it answers 200.</summary>
    private async Task<string?> ReadinessReasonAsync()
    {
        using var response = await _api.SendAsync(HttpMethod.Get, "/health/ready");
        var body = JsonNode.Parse(await response.Content.ReadAsStringAsync())!;
        if (response.StatusCode == HttpStatusCode.OK)
        {
            return null;
        }

        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.ServiceUnavailable));
        return (string?)body["checks"]?["store"]?["description"];
    }

    private static async Task ExpectStoreUnavailableAsync(HttpResponseMessage response, string? what = null)
    {
        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.ServiceUnavailable), what);
        await Expect.ProblemAsync(response, HttpStatusCode.ServiceUnavailable, "store_unavailable");
        Assert.That(response.Headers.RetryAfter?.Delta, Is.Not.Null, what);
    }
}
