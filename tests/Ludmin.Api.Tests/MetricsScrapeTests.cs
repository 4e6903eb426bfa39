using System.Globalization;
using System.Net;
using System.Text.RegularExpressions;
using Ludmin.Api.Tests.Support;
using Ludmin.Domain.Users;
using Microsoft.Extensions.DependencyInjection;

namespace Ludmin.Api.Tests;

/// <summary>
/// <c>GET /metrics</c> as Prometheus scrapes it: after a few requests every family an operator
/// alerts on is there with sane values, and only the addresses configured for it may read it.
/// </summary>
[NonParallelizable]
public sealed partial class MetricsScrapeTests : ApiTestBase
{
    private const string Scraper = "127.0.0.1";

    protected override LudminFactoryOptions FactoryOptions => new()
    {
        RateLimits = true,
        ClientAddresses = true,
        Settings = new Dictionary<string, string?>
        {
            ["Ludmin:Metrics:AllowedAddresses:0"] = Scraper,
            ["Ludmin:Metrics:AllowedAddresses:1"] = "192.168.50.0/24",
            ["Ludmin:RateLimits:PublicTokens:PermitLimit"] = "3",
        },
    };

    [Test]
    public async Task Scrape_AfterSomeRequests_ShowsEveryFamilyWithSaneValues()
    {
        var session = await Api.NewSessionAsync("metrics");
        using (var wrong = await Api.SendAsync(HttpMethod.Post, "/tokens", (await Api.PublicTokenAsync()).Token, new { email = session.User.Email, password = "not the password", description = "x" }))
        {
            Assert.That(wrong.StatusCode, Is.EqualTo(HttpStatusCode.Unauthorized));
        }

        await Api.GetUserAsync(session.Token);
        using (var logout = await Api.SendAsync(HttpMethod.Delete, $"/tokens/{session.DeviceId}", session.Token))
        {
            Assert.That(logout.StatusCode, Is.EqualTo(HttpStatusCode.NoContent));
        }

        var attacker = Api.From(Unique.ClientAddress());
        HttpStatusCode last;
        do
        {
            using var response = await attacker.SendAsync(HttpMethod.Post, "/tokens/public", json: new { });
            last = response.StatusCode;
        }
        while (last == HttpStatusCode.OK);
        Assert.That(last, Is.EqualTo(HttpStatusCode.TooManyRequests));

        var scrape = await ScrapeAsync(Scraper);

        using (Assert.EnterMultipleScope())
        {
            // Requests by route and status (ASP.NET Core's own instrument).
            Assert.That(Value(scrape, "http_server_request_duration_seconds_count", "http_route=\"users/{id}\"", "http_response_status_code=\"200\""), Is.GreaterThanOrEqualTo(1));
            Assert.That(Value(scrape, "http_server_request_duration_seconds_count", "http_route=\"tokens\"", "http_response_status_code=\"401\""), Is.GreaterThanOrEqualTo(1));
            Assert.That(Value(scrape, "http_server_request_duration_seconds_bucket", "http_route=\"tokens\"", "le=\"+Inf\""), Is.GreaterThanOrEqualTo(2));

            // Logins by outcome.
            Assert.That(Value(scrape, "ludmin_logins_total", "outcome=\"succeeded\""), Is.GreaterThanOrEqualTo(1));
            Assert.That(Value(scrape, "ludmin_logins_total", "outcome=\"failed\"", "reason=\"wrong_password\""), Is.GreaterThanOrEqualTo(1));

            // Hashing: what ran, on which engine, how long each waited, and the gauges of running and
            // queued hashes (present; other tests' hashes may be under way in this process).
            Assert.That(Value(scrape, "ludmin_password_hashes_duration_seconds_count", "engine="), Is.GreaterThanOrEqualTo(3), "registration, two logins");
            Assert.That(Value(scrape, "ludmin_password_hashes_wait_time_seconds_count"), Is.GreaterThanOrEqualTo(3));
            Assert.That(Value(scrape, "ludmin_password_hashes_running"), Is.GreaterThanOrEqualTo(0));
            Assert.That(Value(scrape, "ludmin_password_hashes_queued"), Is.GreaterThanOrEqualTo(0));

            // Store calls by operation and outcome, with their time.
            Assert.That(Value(scrape, "ludmin_store_call_duration_seconds_count", "operation=\"users.find_by_email\"", "outcome=\"ok\""), Is.GreaterThanOrEqualTo(2));
            Assert.That(Value(scrape, "ludmin_store_call_duration_seconds_count", "operation=\"users.add\"", "outcome=\"ok\""), Is.GreaterThanOrEqualTo(1));
            Assert.That(Value(scrape, "ludmin_store_call_duration_seconds_sum", "operation=\"users.has_session\"", "outcome=\"ok\""), Is.GreaterThan(0).And.LessThan(60));

            // Sessions ended by cause, rate-limit refusals by limit.
            Assert.That(Value(scrape, "ludmin_sessions_ended_total", "cause=\"logout\""), Is.GreaterThanOrEqualTo(1));
            Assert.That(Value(scrape, "ludmin_rate_limit_refusals_total", "limit=\"public-tokens\""), Is.GreaterThanOrEqualTo(1));

            // The runtime: GC, thread pool, memory.
            Assert.That(Value(scrape, "dotnet_gc_heap_total_allocated_bytes_total"), Is.GreaterThan(0));
            Assert.That(Value(scrape, "dotnet_thread_pool_thread_count_total"), Is.GreaterThan(0));
            Assert.That(Value(scrape, "dotnet_process_memory_working_set_bytes"), Is.GreaterThan(1024 * 1024));

            // No address, email, token or code in any label: labels are routes, outcomes and causes.
            Assert.That(scrape, Does.Not.Contain(session.User.Email).And.Not.Contain(session.Token).And.Not.Contain(session.User.Id));
        }
    }

    [Test]
    public async Task Scrape_FromAConfiguredNetwork_IsServed()
    {
        using var response = await Api.From("192.168.50.7").SendAsync(HttpMethod.Get, "/metrics");

        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.OK));
    }

    [Test]
    public async Task Scrape_FromAnyOtherAddress_Is404AsIfThereWereNone()
    {
        using var response = await Api.From(Unique.ClientAddress()).SendAsync(HttpMethod.Get, "/metrics");

        var problem = await Expect.ProblemAsync(response, HttpStatusCode.NotFound, "not_found");
        Assert.That(problem.ToJsonString(), Does.Not.Contain("ludmin_"));
    }

    [Test]
    public async Task Scrape_WithImportedUsers_CountsThemByFormatFromTheStore()
    {
        using (var scope = Factory.Services.CreateScope())
        {
            var imported = User.Import(
                UserId.New(), FullName.Create("Imported Ivy"), EmailAddress.Create(Unique.Email("metrics")), false,
                PasswordHash.Imported("bcrypt", "$2b$04$q5EnWlLobE4BFX90fV/Af.2YMfxMhvPLg8q1Ym2fD1gVSFAcCg4QO"), null, DateTimeOffset.UtcNow);
            var stored = await scope.ServiceProvider.GetRequiredService<IUserRepository>().ImportAsync([imported], CancellationToken.None);
            Assert.That(stored, Is.EqualTo(new[] { true }));
        }

        // A scrape recounts at most once a minute, and another test of this class may have scraped just now: count at once.
        // The exporter may also answer a scrape from its short cache: scrape until the count shows.
        await Factory.Services.GetRequiredService<Ludmin.Infrastructure.Observability.ImportedHashesGauge>().RefreshAsync(CancellationToken.None);
        var deadline = DateTime.UtcNow.AddSeconds(15);
        var scrape = await ScrapeAsync(Scraper);
        while (!scrape.Contains("ludmin_users_imported_hashes{", StringComparison.Ordinal) && DateTime.UtcNow < deadline)
        {
            await Task.Delay(250);
            scrape = await ScrapeAsync(Scraper);
        }

        Assert.That(Value(scrape, "ludmin_users_imported_hashes", "format=\"bcrypt\""), Is.GreaterThanOrEqualTo(1), scrape);
    }

    private async Task<string> ScrapeAsync(string from)
    {
        using var response = await Api.From(from).SendAsync(HttpMethod.Get, "/metrics");
        var body = await response.Content.ReadAsStringAsync();
        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.OK), body);
        Assert.That(response.Content.Headers.ContentType?.MediaType, Is.EqualTo("text/plain"));
        return body;
    }

    /// <summary>The sum of the samples of a family whose labels include all of <paramref name="labels"/>.</summary>
    private static double Value(string scrape, string name, params string[] labels)
    {
        var samples = scrape.Split('\n')
            .Select(line => Sample().Match(line))
            .Where(m => m.Success && m.Groups["name"].Value == name && labels.All(l => m.Groups["labels"].Value.Contains(l, StringComparison.Ordinal)))
            .Select(m => double.Parse(m.Groups["value"].Value, CultureInfo.InvariantCulture))
            .ToList();
        Assert.That(samples, Is.Not.Empty, $"no sample of {name} with {string.Join(", ", labels)} in the scrape:\n{string.Join('\n', scrape.Split('\n').Where(l => l.StartsWith(name.Split('_')[0], StringComparison.Ordinal)).Take(60))}");
        return samples.Sum();
    }

    [GeneratedRegex(@"^(?<name>[a-zA-Z_:][a-zA-Z0-9_:]*)(\{(?<labels>.*)\})?\s+(?<value>[-+0-9.eE]+|NaN|\+Inf)(\s+\d+)?$")]
    private static partial Regex Sample();
}
