using System.Net;
using Ludmin.Api.Tests.Support;

namespace Ludmin.Api.Tests;

/// <summary>
/// Password hashing as a bounded resource, on each engine: with one hash at a time and a short
/// MaxHashWait, a flood of logins is partly refused with 503 server_busy and a Retry-After, and
/// while the hashes run, requests that need no hash (token refresh, profile reads) are served:
/// they all finish before the flood's last hashed login does. Konscious runs at the shipped
/// cost; libsodium, about 7x faster, at 14 passes instead of 2, so that one of its hashes
/// also lasts long enough for the order in which requests finish to mean something.
/// </summary>
[TestFixture("Managed", 2)]
[TestFixture("Native", 14)]
public sealed class PasswordHashingCapacityTests(string engine, int iterations) : ApiTestBase
{
    private const int FloodSize = 40;
    private const int Readers = 6;

    // About ten hashes of a tenth of a second may wait behind the running one (fewer on a busy
    // machine, where each takes longer): well short of the flood, and at least one.
    private static readonly TimeSpan MaxHashWait = TimeSpan.FromSeconds(1);

    protected override LudminFactoryOptions FactoryOptions => new()
    {
        DefaultArgon2 = true,
        MaxConcurrentHashes = 1,
        MaxHashWait = MaxHashWait,
        Settings = new Dictionary<string, string?>
        {
            ["Ludmin:Passwords:Argon2:Engine"] = engine,
            ["Ludmin:Passwords:Argon2:Iterations"] = iterations.ToString(System.Globalization.CultureInfo.InvariantCulture),
        },
    };

    [Test]
    public async Task Login_WhenAFloodWouldWaitLongerThanMaxHashWait_RefusesTheRestWith503ServerBusyAndRetryAfter()
    {
        var devices = await PublicTokensAsync(FloodSize);

        var answers = await Task.WhenAll(devices.Select(async device =>
        {
            using var response = await LoginAsync(device);
            return (response.StatusCode, Problem: response.StatusCode == HttpStatusCode.ServiceUnavailable ? await BusyAsync(response) : null);
        }));

        using (Assert.EnterMultipleScope())
        {
            Assert.That(answers.Count(a => a.StatusCode == HttpStatusCode.ServiceUnavailable), Is.GreaterThan(0), "no login was refused");
            Assert.That(answers.Count(a => a.StatusCode == HttpStatusCode.Unauthorized), Is.InRange(1, FloodSize - 1), "no login was checked, or every one was");
            Assert.That(answers.Select(a => a.StatusCode), Is.All.EqualTo(HttpStatusCode.ServiceUnavailable).Or.EqualTo(HttpStatusCode.Unauthorized));
        }
    }

    [Test]
    public async Task RefreshAndProfile_WhileLoginsSaturateHashing_AreServedWithoutWaitingForTheQueuedHashes()
    {
        var sessions = new List<UserSession>();
        for (var i = 0; i < Readers; i++)
        {
            sessions.Add(await Api.NewSessionAsync("reader"));
        }

        // Warm the read paths, so what is compared below is waiting, not first-call compilation.
        await Api.GetUserAsync(sessions[0].Token);
        using (var warm = await Api.SendAsync(HttpMethod.Get, $"/tokens/{sessions[0].DeviceId}", sessions[0].Token))
        {
            Assert.That(warm.StatusCode, Is.EqualTo(HttpStatusCode.OK));
        }

        var devices = await PublicTokensAsync(FloodSize);
        var finishOrder = 0;
        var saturated = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var flood = devices.Select(async device =>
        {
            using var response = await LoginAsync(device);
            var finished = Interlocked.Increment(ref finishOrder);
            if (response.StatusCode == HttpStatusCode.ServiceUnavailable)
            {
                await BusyAsync(response);
                saturated.TrySetResult();
            }

            return new Finished("login", response.StatusCode, finished);
        }).ToList();

        // Saturated: a login was just refused because one hash runs and those waiting behind it fill MaxHashWait.
        await Task.WhenAny(saturated.Task, Task.WhenAll(flood));
        Assert.That(saturated.Task.IsCompleted, Is.True, "the flood never went past MaxHashWait");

        var reads = await Task.WhenAll(sessions.SelectMany(session => new[]
        {
            ReadAsync($"/tokens/{session.DeviceId}", session.Token),
            ReadAsync("/users/me", session.Token),
        }));
        var logins = await Task.WhenAll(flood);

        // Reads need no hash: they finish while the hash that ran at saturation may end, but
        // before any hash queued behind it does (each costs a full Argon2 run at the shipped cost).
        var lastRead = reads.Max(r => r.Order);
        var hashed = logins.Where(l => l.Status == HttpStatusCode.Unauthorized).ToList();
        var order = Describe(logins.Concat(reads).OrderBy(f => f.Order));
        using (Assert.EnterMultipleScope())
        {
            Assert.That(reads.Select(r => r.Status), Is.All.EqualTo(HttpStatusCode.OK), order);
            Assert.That(hashed, Has.Count.GreaterThan(1), $"too few logins were hashed to see an order: {order}");
            Assert.That(hashed.Count(h => h.Order < lastRead), Is.AtMost(1), $"the reads waited for queued hashes: {order}");
        }

        async Task<Finished> ReadAsync(string path, string token)
        {
            using var response = await Api.SendAsync(HttpMethod.Get, path, token);
            return new Finished($"GET {path.Split('/')[1]}", response.StatusCode, Interlocked.Increment(ref finishOrder));
        }
    }

    private async Task<List<TokenInfo>> PublicTokensAsync(int count)
    {
        var tokens = new List<TokenInfo>();
        for (var i = 0; i < count; i++)
        {
            tokens.Add(await Api.PublicTokenAsync());
        }

        return tokens;
    }

    /// <summary>A login for an address nobody has: it costs one hash (of the decoy) and answers 401.</summary>
    private Task<HttpResponseMessage> LoginAsync(TokenInfo device) =>
        Api.SendAsync(HttpMethod.Post, "/tokens", device.Token, new { email = Unique.Email("flood"), password = "flood password 1", description = "Flood" });

    private sealed record Finished(string What, HttpStatusCode Status, int Order);

    /// <summary>The answers in the order they finished, runs of the same one counted: "35 x login 503, GET users 200, ...".</summary>
    private static string Describe(IEnumerable<Finished> ordered)
    {
        var runs = new List<(string Answer, int Count)>();
        foreach (var answer in ordered.Select(f => $"{f.What} {(int)f.Status}"))
        {
            if (runs.Count > 0 && runs[^1].Answer == answer)
            {
                runs[^1] = (answer, runs[^1].Count + 1);
            }
            else
            {
                runs.Add((answer, 1));
            }
        }

        return string.Join(", ", runs.Select(r => r.Count == 1 ? r.Answer : $"{r.Count} x {r.Answer}"));
    }

    private static async Task<string> BusyAsync(HttpResponseMessage response)
    {
        var problem = await Expect.ProblemAsync(response, HttpStatusCode.ServiceUnavailable, "server_busy");
        Assert.That(response.Headers.TryGetValues("Retry-After", out var values), Is.True, "no Retry-After on the 503");

        // Whole seconds, at least one (the queue ahead, at most MaxHashWait of hashing, clears in about one).
        Assert.That(values!.Single(), Does.Match("^[1-9][0-9]*$"));
        return problem.ToJsonString();
    }
}
