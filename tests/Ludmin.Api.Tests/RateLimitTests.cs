using System.Globalization;
using System.Net;
using Ludmin.Api.RateLimits;
using Ludmin.Api.Tests.Support;

namespace Ludmin.Api.Tests;

/// <summary>
/// Ludmin:RateLimits with the shipped defaults: each limited endpoint serves an address its
/// allowance and then answers 429 problem+json with Retry-After, while other addresses go on;
/// reset requests are also limited per target email, from any address and whether or not the
/// email is anybody's: past that allowance they are answered 202 and send nothing (a 429 would
/// let a stranger keep the owner from asking).
/// </summary>
public sealed class RateLimitTests : ApiTestBase
{
    private const int ResetsPerEmail = 3;
    private static readonly RateLimitOptions Defaults = new();

    protected override LudminFactoryOptions FactoryOptions => new() { RateLimits = true, ClientAddresses = true };

    [TestCaseSource(typeof(RateLimitedEndpoint), nameof(RateLimitedEndpoint.All))]
    public async Task Endpoint_WhenTheAddressHasUsedItsAllowance_Returns429RateLimitedWithRetryAfter(RateLimitedEndpoint endpoint)
    {
        var limit = endpoint.Limit(Defaults);
        var call = await endpoint.Prepare(Api);
        var attacker = Api.From(Unique.ClientAddress());
        await UseAllowanceAsync(endpoint, call, attacker, limit.PermitLimit);

        using var response = await endpoint.SendAsync(attacker, call);

        await Expect.ProblemAsync(response, HttpStatusCode.TooManyRequests, "rate_limited");
        Assert.That(RetryAfterSeconds(response), Is.InRange(1, (int)Math.Ceiling(limit.Window.TotalSeconds)));
    }

    [TestCaseSource(typeof(RateLimitedEndpoint), nameof(RateLimitedEndpoint.All))]
    public async Task Endpoint_WhenAnotherAddressHasUsedItsAllowance_StillServesThisOne(RateLimitedEndpoint endpoint)
    {
        var limit = endpoint.Limit(Defaults);
        var call = await endpoint.Prepare(Api);
        var attacker = Api.From(Unique.ClientAddress());
        await UseAllowanceAsync(endpoint, call, attacker, limit.PermitLimit);
        using (var limited = await endpoint.SendAsync(attacker, call))
        {
            Assert.That(limited.StatusCode, Is.EqualTo(HttpStatusCode.TooManyRequests));
        }

        using var response = await endpoint.SendAsync(Api.From(Unique.ClientAddress()), call);

        Assert.That(response.StatusCode, Is.EqualTo(endpoint.Served), await response.Content.ReadAsStringAsync());
    }

    [Test]
    public void ResetsPerEmail_ByDefault_AreThreeAnHour()
    {
        using (Assert.EnterMultipleScope())
        {
            Assert.That(Defaults.ResetsPerEmail.PermitLimit, Is.EqualTo(ResetsPerEmail));
            Assert.That(Defaults.ResetsPerEmail.Window, Is.EqualTo(TimeSpan.FromHours(1)));
        }
    }

    [TestCase(true)]
    [TestCase(false)]
    public async Task RequestReset_WhenOneEmailWasAskedForFromManyAddresses_Answers202ButSendsNothingMore(bool registered)
    {
        var email = registered ? (await Api.RegisterAsync()).Email : Unique.Email("nobody");
        var token = (await Api.PublicTokenAsync()).Token;
        for (var i = 0; i <= ResetsPerEmail; i++)
        {
            using var served = await Api.From(Unique.ClientAddress()).SendAsync(HttpMethod.Post, "/users/reset", token, new { email });
            await Expect.EmptyAsync(served, HttpStatusCode.Accepted);
        }

        // The work runs in order after the answers: once a later request's code is out, the others' turn has passed.
        await Api.From(Unique.ClientAddress()).RequestResetCodeAsync((await Api.RegisterAsync()).Email);
        Assert.That(ResetCodePickup.ReadAll(Factory.PickupDirectory).Count(f => f.Email == email), Is.EqualTo(registered ? ResetsPerEmail : 0));
    }

    [Test]
    public async Task RequestReset_WhenTheEmailIsWrittenInAnotherCaseOrWithSpaces_CountsAsTheSameEmail()
    {
        var email = (await Api.RegisterAsync()).Email;
        var token = (await Api.PublicTokenAsync()).Token;
        foreach (var variant in new[] { email, email.ToUpperInvariant(), $"  {email} ", email })
        {
            using var served = await Api.From(Unique.ClientAddress()).SendAsync(HttpMethod.Post, "/users/reset", token, new { email = variant });
            await Expect.EmptyAsync(served, HttpStatusCode.Accepted);
        }

        await Api.From(Unique.ClientAddress()).RequestResetCodeAsync((await Api.RegisterAsync()).Email);
        Assert.That(ResetCodePickup.ReadAll(Factory.PickupDirectory).Count(f => f.Email == email), Is.EqualTo(ResetsPerEmail));
    }

    [Test]
    public async Task RequestReset_WhenOneEmailIsPastItsAllowance_StillServesOtherEmails()
    {
        var limited = Unique.Email("limited");
        var token = (await Api.PublicTokenAsync()).Token;
        for (var i = 0; i <= ResetsPerEmail; i++)
        {
            using var _ = await Api.From(Unique.ClientAddress()).SendAsync(HttpMethod.Post, "/users/reset", token, new { email = limited });
        }

        var other = await Api.RegisterAsync();
        var code = await Api.From(Unique.ClientAddress()).RequestResetCodeAsync(other.Email);

        Assert.That(code, Does.Match("^[0-9]{6}$"));
    }

    /// <summary>Past the allowance the answer stays what validation says: the allowance hides whether anything was sent, not that an address is malformed.</summary>
    [Test]
    public async Task RequestReset_WhenAMalformedEmailIsAskedForPastItsAllowance_StillAnswers400ValidationFailed()
    {
        var token = (await Api.PublicTokenAsync()).Token;
        for (var i = 0; i <= ResetsPerEmail; i++)
        {
            using var refused = await Api.From(Unique.ClientAddress()).SendAsync(HttpMethod.Post, "/users/reset", token, new { email = "not-an-email" });
            await Expect.ProblemAsync(refused, HttpStatusCode.BadRequest, "validation_failed");
        }
    }

    private static async Task UseAllowanceAsync(RateLimitedEndpoint endpoint, RateLimitedCall call, LudminApi from, int permits)
    {
        for (var i = 0; i < permits; i++)
        {
            using var response = await endpoint.SendAsync(from, call);
            Assert.That(response.StatusCode, Is.EqualTo(endpoint.Served), $"request {i + 1} of {permits}: {await response.Content.ReadAsStringAsync()}");
        }
    }

    private static int RetryAfterSeconds(HttpResponseMessage response)
    {
        Assert.That(response.Headers.TryGetValues("Retry-After", out var values), Is.True, "no Retry-After header");
        return int.Parse(values!.Single(), NumberStyles.None, CultureInfo.InvariantCulture);
    }
}
