using System.Globalization;
using System.Net;
using Ludmin.Api.Tests.Support;

namespace Ludmin.Api.Tests;

/// <summary>
/// Lifetimes, with the server's clock under the test's control: access tokens (5 minutes and
/// 30 seconds of skew), the refresh window (30 days) and reset codes (15 minutes).
/// </summary>
public sealed class ClockTests : ClockedApiTestBase
{
    private static readonly TimeSpan AccessLifetime = TimeSpan.FromMinutes(5);
    private static readonly TimeSpan Skew = TimeSpan.FromSeconds(30);
    private static readonly TimeSpan RefreshWindow = TimeSpan.FromDays(30);

    [Test]
    public async Task AccessToken_WhenItsLifetimeAndTheSkewHavePassed_IsRefusedButStillRefreshes()
    {
        var session = await Api.NewSessionAsync();
        Assert.That(session.Login.ExpiresAt, Is.EqualTo(Clock.GetUtcNow() + AccessLifetime));

        Clock.Advance(AccessLifetime + Skew + TimeSpan.FromSeconds(1));

        using (var refused = await Api.SendAsync(HttpMethod.Get, "/users/me", session.Token))
        {
            await Expect.ProblemAsync(refused, HttpStatusCode.Unauthorized, "token_expired");
            Assert.That(refused.Headers.WwwAuthenticate.ToString(), Is.EqualTo("Bearer error=\"invalid_token\", error_description=\"expired\""));
        }

        using var refresh = await Api.SendAsync(HttpMethod.Get, $"/tokens/{session.DeviceId}", session.Token);
        var token = LudminApi.ToToken(await Expect.JsonAsync(refresh, HttpStatusCode.OK));
        using (Assert.EnterMultipleScope())
        {
            Assert.That(token.Type, Is.EqualTo("refresh"));
            Assert.That(token.ExpiresAt, Is.EqualTo(Clock.GetUtcNow() + AccessLifetime));
            Assert.That((string?)(await Api.GetUserAsync(token.Token))["id"], Is.EqualTo(session.User.Id));
        }
    }

    [Test]
    public async Task AccessToken_WhenExpiredByLessThanTheSkew_IsStillAccepted()
    {
        var session = await Api.NewSessionAsync();

        Clock.Advance(AccessLifetime + Skew - TimeSpan.FromSeconds(5));

        Assert.That((string?)(await Api.GetUserAsync(session.Token))["id"], Is.EqualTo(session.User.Id));
    }

    [Test]
    public async Task Refresh_WhenTheTokenHasExpired_SetsLastUsedToNowAndKeepsFirstSeen()
    {
        var session = await Api.NewSessionAsync();
        var loggedInAt = Clock.GetUtcNow();

        Clock.Advance(TimeSpan.FromHours(7));
        using var refresh = await Api.SendAsync(HttpMethod.Get, $"/tokens/{session.DeviceId}", session.Token);

        var token = LudminApi.ToToken(await Expect.JsonAsync(refresh, HttpStatusCode.OK));
        var device = (await Api.GetUserAsync(token.Token))["devices"]![0]!;
        using (Assert.EnterMultipleScope())
        {
            Assert.That(Parse(device["first_seen"]), Is.EqualTo(loggedInAt));
            Assert.That(Parse(device["last_used"]), Is.EqualTo(ToTheHour(Clock.GetUtcNow())), "shown to the hour (issue 23, finding 4)");
        }
    }

    [Test]
    public async Task Refresh_WhenJustInsideTheRefreshWindow_ReturnsARefreshToken()
    {
        var session = await Api.NewSessionAsync();

        Clock.Advance(AccessLifetime + RefreshWindow);
        using var refresh = await Api.SendAsync(HttpMethod.Get, $"/tokens/{session.DeviceId}", session.Token);

        Assert.That(LudminApi.ToToken(await Expect.JsonAsync(refresh, HttpStatusCode.OK)).Type, Is.EqualTo("refresh"));
    }

    [Test]
    public async Task Refresh_WhenTheRefreshWindowHasPassed_Returns401TokenInvalid()
    {
        var session = await Api.NewSessionAsync();

        Clock.Advance(AccessLifetime + RefreshWindow + Skew + TimeSpan.FromSeconds(1));
        using var refresh = await Api.SendAsync(HttpMethod.Get, $"/tokens/{session.DeviceId}", session.Token);

        await Expect.ProblemAsync(refresh, HttpStatusCode.Unauthorized, "token_invalid");
    }

    [Test]
    public async Task ResetCode_WhenDelivered_ExpiresFifteenMinutesLater()
    {
        var user = await Api.RegisterAsync();
        var requestedAt = Clock.GetUtcNow();

        await Api.RequestResetCodeAsync(user.Email);

        var delivered = await ResetCodePickup.WaitForAsync(Factory.PickupDirectory, f => f.Email == user.Email);
        Assert.That(delivered.ExpiresAt, Is.EqualTo(requestedAt + TimeSpan.FromMinutes(15)));
    }

    [Test]
    public async Task ResetCode_WhenItsLifetimeHasPassed_Returns400ResetCodeInvalid()
    {
        var user = await Api.RegisterAsync();
        var code = await Api.RequestResetCodeAsync(user.Email);

        Clock.Advance(TimeSpan.FromMinutes(15));
        using var response = await Api.CompleteResetAsync(user.Email, code, "too late password");

        await Expect.ProblemAsync(response, HttpStatusCode.BadRequest, "reset_code_invalid");
        Assert.That((await Api.LoginAsync(user.Email, user.Password)).UserId, Is.EqualTo(user.Id));
    }

    [Test]
    public async Task ResetCode_WhenJustBeforeItExpires_IsTaken()
    {
        var user = await Api.RegisterAsync();
        var code = await Api.RequestResetCodeAsync(user.Email);

        Clock.Advance(TimeSpan.FromMinutes(15) - TimeSpan.FromSeconds(1));
        using var response = await Api.CompleteResetAsync(user.Email, code, "just in time password");

        await Expect.EmptyAsync(response, HttpStatusCode.NoContent);
    }

    private static DateTimeOffset ToTheHour(DateTimeOffset time) => new(time.Year, time.Month, time.Day, time.Hour, 0, 0, TimeSpan.Zero);

    private static DateTimeOffset Parse(System.Text.Json.Nodes.JsonNode? value) =>
        DateTimeOffset.Parse((string)value!, CultureInfo.InvariantCulture);
}
