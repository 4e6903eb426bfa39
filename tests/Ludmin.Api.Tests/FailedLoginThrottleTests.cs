using System.Net;
using Ludmin.Api.Tests.Support;

namespace Ludmin.Api.Tests;

/// <summary>
/// Failed logins slow an address down, with the server's clock under the test's control: five
/// failures are free, then every login waits 30 s, doubling with each further failure up to
/// 15 minutes; 12 quiet hours forget them; a success or a completed reset clears them. A blocked
/// login answers exactly like a wrong password, for known and unknown addresses alike, and the
/// count lives in the store, so a second instance sees it.
/// </summary>
[TestFixture(TestStore.Sqlite)]
[TestFixture(TestStore.Postgres)]
public sealed class FailedLoginThrottleTests(TestStore store) : ClockedApiTestBase
{
    private const int FreeFailures = 5;
    private const string WrongPassword = "not the password 1";
    private static readonly TimeSpan BaseDelay = TimeSpan.FromSeconds(30);
    private static readonly TimeSpan MaxDelay = TimeSpan.FromMinutes(15);
    private static readonly TimeSpan ForgetAfter = TimeSpan.FromHours(12);
    private static readonly TimeSpan Second = TimeSpan.FromSeconds(1);

    protected override TestStore Store => store;

    [Test]
    public async Task Login_WhenFiveFailuresPreceded_RefusesTheRightPasswordExactlyLikeAWrongOne()
    {
        var user = await Api.RegisterAsync();
        string? wrong = null;
        for (var i = 0; i < FreeFailures; i++)
        {
            using var failed = await LoginAsync(user.Email, WrongPassword);
            wrong = await RefusalAsync(failed);
        }

        using var response = await LoginAsync(user.Email, user.Password);

        Assert.That(await RefusalAsync(response), Is.EqualTo(wrong));
    }

    [Test]
    public async Task Login_WhenFourFailuresPreceded_StillTakesTheRightPassword()
    {
        var user = await Api.RegisterAsync();
        await FailAsync(user.Email, FreeFailures - 1);

        using var response = await LoginAsync(user.Email, user.Password);

        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.Created));
    }

    [TestCase(5, 30)]
    [TestCase(6, 60)]
    [TestCase(7, 120)]
    [TestCase(8, 240)]
    [TestCase(9, 480)]
    [TestCase(10, 900)]
    [TestCase(11, 900)]
    [TestCase(14, 900)]
    public async Task Login_WhenFailuresPreceded_WaitsTheDoublingDelayUpToFifteenMinutes(int failures, int seconds)
    {
        var user = await Api.RegisterAsync();
        await FailAsync(user.Email, failures);

        Clock.Advance(TimeSpan.FromSeconds(seconds) - Second);
        using (var early = await LoginAsync(user.Email, user.Password))
        {
            await RefusalAsync(early);
        }

        Clock.Advance(Second);
        using var response = await LoginAsync(user.Email, user.Password);

        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.Created), await response.Content.ReadAsStringAsync());
    }

    [Test]
    public async Task Login_WhenWrongPasswordsKeepComingDuringTheWait_DoesNotLengthenIt()
    {
        var user = await Api.RegisterAsync();
        await FailAsync(user.Email, FreeFailures);
        for (var i = 0; i < 20; i++)
        {
            Clock.Advance(Second);
            using var refused = await LoginAsync(user.Email, WrongPassword);
            await RefusalAsync(refused);
        }

        Clock.Advance(BaseDelay - TimeSpan.FromSeconds(20));
        using var response = await LoginAsync(user.Email, user.Password);

        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.Created));
    }

    [Test]
    public async Task Login_WhenTwelveQuietHoursFollowedTheFailures_HasForgottenThem()
    {
        using var response = await LoginAfterFailuresAroundAsync(_ => Advance(ForgetAfter));

        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.Created));
    }

    [Test]
    public async Task Login_WhenJustUnderTwelveHoursFollowedTheFailures_StillCountsThem()
    {
        using var response = await LoginAfterFailuresAroundAsync(_ => Advance(ForgetAfter - Second));

        await RefusalAsync(response);
    }

    [Test]
    public async Task Login_WhenItSucceeds_ForgetsTheEarlierFailures()
    {
        using var response = await LoginAfterFailuresAroundAsync(user => Api.LoginAsync(user.Email, user.Password));

        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.Created));
    }

    [Test]
    public async Task Login_WhenAResetWasCompletedDuringTheWait_TakesTheNewPasswordAtOnce()
    {
        var user = await Api.RegisterAsync();
        await FailAsync(user.Email, FreeFailures);
        const string NewPassword = "owner proved it 123";
        var code = await Api.RequestResetCodeAsync(user.Email);
        using (var reset = await Api.CompleteResetAsync(user.Email, code, NewPassword))
        {
            await Expect.EmptyAsync(reset, HttpStatusCode.NoContent);
        }

        using var response = await LoginAsync(user.Email, NewPassword);

        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.Created), await response.Content.ReadAsStringAsync());
    }

    [Test]
    public async Task Login_WhenTheFailuresNamedAnUnknownEmail_SlowsItDownTheSameWay()
    {
        var known = await Api.RegisterAsync();
        await FailAsync(known.Email, FreeFailures);
        var unknownEmail = Unique.Email("nobody");
        await FailAsync(unknownEmail, FreeFailures);
        using var knownRefusal = await LoginAsync(known.Email, known.Password);
        using var unknownRefusal = await LoginAsync(unknownEmail, LudminApi.Password);
        Assert.That(await RefusalAsync(unknownRefusal), Is.EqualTo(await RefusalAsync(knownRefusal)));

        // The address was slowed down before anybody had it: whoever registers it now waits too.
        var registered = await Api.RegisterAsync(unknownEmail);
        using (var blocked = await LoginAsync(registered.Email, registered.Password))
        {
            await RefusalAsync(blocked);
        }

        Clock.Advance(BaseDelay);
        using var response = await LoginAsync(registered.Email, registered.Password);

        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.Created));
    }

    [Test]
    public async Task Login_WhenBlockedThroughOneInstance_IsBlockedThroughAnotherOnTheSameStore()
    {
        var user = await Api.RegisterAsync();
        await FailAsync(user.Email, FreeFailures);
        await using var second = new LudminFactory(LudminFactoryOptions.SecondInstanceOf(Factory, Clock));
        var otherInstance = new LudminApi(second);

        using (var blocked = await LoginAsync(user.Email, user.Password, otherInstance))
        {
            await RefusalAsync(blocked);
        }

        Clock.Advance(BaseDelay);
        using var response = await LoginAsync(user.Email, user.Password, otherInstance);

        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.Created));
    }

    [Test]
    public async Task Login_WhenTheWorstWaitHasPassed_AlwaysLetsTheOwnerIn()
    {
        var user = await Api.RegisterAsync();
        await FailAsync(user.Email, 30);

        Clock.Advance(MaxDelay);
        using var response = await LoginAsync(user.Email, user.Password);

        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.Created));
    }

    /// <summary>
    /// A new user's login with the right password after four failures, <paramref name="between"/>,
    /// and a fifth: let in only if <paramref name="between"/> made the first four forgotten.
    /// </summary>
    private async Task<HttpResponseMessage> LoginAfterFailuresAroundAsync(Func<TestUser, Task> between)
    {
        var user = await Api.RegisterAsync();
        await FailAsync(user.Email, FreeFailures - 1);
        await between(user);
        await FailAsync(user.Email, 1);
        return await LoginAsync(user.Email, user.Password);
    }

    private Task Advance(TimeSpan time)
    {
        Clock.Advance(time);
        return Task.CompletedTask;
    }

    /// <summary>
    /// Fails <paramref name="count"/> logins in a row with a wrong password, each one counted: the
    /// wait a failure starts is waited out before the next, which is left standing after the last.
    /// </summary>
    private async Task FailAsync(string email, int count)
    {
        for (var failure = 1; failure <= count; failure++)
        {
            using var response = await LoginAsync(email, WrongPassword);
            await RefusalAsync(response);
            if (failure < count)
            {
                Clock.Advance(DelayAfter(failure));
            }
        }
    }

    /// <summary>The wait the policy sets after the given failure in a row.</summary>
    private static TimeSpan DelayAfter(int failures)
    {
        if (failures < FreeFailures)
        {
            return TimeSpan.Zero;
        }

        var delay = BaseDelay * Math.Pow(2, Math.Min(failures - FreeFailures, 20));
        return delay > MaxDelay ? MaxDelay : delay;
    }

    private async Task<HttpResponseMessage> LoginAsync(string email, string password, LudminApi? through = null)
    {
        var api = through ?? Api;
        var device = await api.PublicTokenAsync();
        return await api.SendAsync(HttpMethod.Post, "/tokens", device.Token, new { email, password, description = "Throttle test" });
    }

    /// <summary>The one refusal every failed login gets, without its trace id, to compare answers.</summary>
    private static async Task<string> RefusalAsync(HttpResponseMessage response)
    {
        var problem = await Expect.ProblemAsync(response, HttpStatusCode.Unauthorized, "invalid_credentials");
        var copy = problem.DeepClone().AsObject();
        copy.Remove("trace_id");
        return $"{(int)response.StatusCode} {response.Content.Headers.ContentType} {copy.ToJsonString()}";
    }
}
