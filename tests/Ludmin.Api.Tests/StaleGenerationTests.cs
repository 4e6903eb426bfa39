using System.Net;
using Ludmin.Api.Tests.Support;
using Microsoft.Extensions.Time.Testing;

namespace Ludmin.Api.Tests;

/// <summary>
/// Issue 23, findings 4 and 7: a copy of a token its owner has since replaced by a refresh. It
/// must not log devices out, nor keep following the session by using the refresh grace at each
/// of the owner's rotations, timed by the profile's <c>last_used</c>.
/// </summary>
public sealed class StaleGenerationTests : ApiTestBase
{
    private static readonly TimeSpan Grace = Application.Common.Options.RefreshRotationOptions.DefaultReuseGrace;
    private static readonly TimeSpan AccessLifetime = TimeSpan.FromMinutes(5);

    private readonly FakeTimeProvider _clock = new(DateTimeOffset.FromUnixTimeSeconds(DateTimeOffset.UtcNow.ToUnixTimeSeconds()));
    private readonly LogCapture _logs = new();

    protected override LudminFactoryOptions FactoryOptions => new() { Clock = _clock, Logs = _logs };

    [Test]
    public async Task Logout_WithAnExpiredTokenOfAReplacedGeneration_Is401TokenInvalidAndLogsNothingOut()
    {
        var phone = await Api.NewSessionAsync("Phone");
        var laptop = await Api.LoginAsync(phone.User.Email, phone.User.Password, "Laptop");
        var newest = await RefreshAsync(phone.Token, phone.DeviceId);
        _clock.Advance(AccessLifetime + TimeSpan.FromMinutes(1));

        using (var refused = await Api.SendAsync(HttpMethod.Delete, $"/tokens/{laptop.DeviceId}", phone.Token))
        {
            await Expect.ProblemAsync(refused, HttpStatusCode.Unauthorized, "token_invalid");
        }

        // The laptop is still linked (an unlinked one would be 404), and the newest token, as
        // expired, still logs it out: the refresh window covers logout.
        using var done = await Api.SendAsync(HttpMethod.Delete, $"/tokens/{laptop.DeviceId}", newest.Token);
        await Expect.EmptyAsync(done, HttpStatusCode.NoContent);
    }

    [Test]
    public async Task Logout_WithTheTokenARefreshReplacedWithinTheGrace_Succeeds()
    {
        // A client whose refresh answer was lost holds only the token that refresh replaced.
        var phone = await Api.NewSessionAsync("Phone");
        var laptop = await Api.LoginAsync(phone.User.Email, phone.User.Password, "Laptop");
        await RefreshAsync(phone.Token, phone.DeviceId);
        _clock.Advance(Grace);

        using var done = await Api.SendAsync(HttpMethod.Delete, $"/tokens/{laptop.DeviceId}", phone.Token);

        await Expect.EmptyAsync(done, HttpStatusCode.NoContent);
    }

    [Test]
    public async Task Refresh_WhenACopyFollowsTheOwnersRefreshesWithinTheGrace_EndsTheSessionAtTheSecondAndLogsTheReuse()
    {
        // The attack as reported: the copy's holder refreshes right after each of the owner's
        // refreshes, with the token that refresh replaced; one use of the grace passes for a lost answer.
        var owner = await Api.NewSessionAsync("Phone");
        _clock.Advance(TimeSpan.FromMinutes(4));
        var ownerFirst = await RefreshAsync(owner.Token, owner.DeviceId);
        _clock.Advance(TimeSpan.FromSeconds(2));
        var thiefFirst = await RefreshAsync(owner.Token, owner.DeviceId);
        Assert.That(thiefFirst.Type, Is.EqualTo("refresh"));

        _clock.Advance(TimeSpan.FromMinutes(4));
        var ownerSecond = await RefreshAsync(ownerFirst.Token, owner.DeviceId);
        _clock.Advance(TimeSpan.FromSeconds(2));
        var thiefSecond = await RefreshAsync(thiefFirst.Token, owner.DeviceId);

        Assert.That(thiefSecond.Type, Is.EqualTo("public"), "the second use of the grace within a few rotations ends the session");
        using (var refused = await Api.SendAsync(HttpMethod.Get, "/users/me", ownerSecond.Token))
        {
            await Expect.ProblemAsync(refused, HttpStatusCode.Unauthorized, "session_ended");
        }

        Assert.That(ReuseEntries(owner.User.Id), Has.Count.EqualTo(1), "refresh_reused, as for any detected reuse");
    }

    [Test]
    public async Task Refresh_WhenAClientRetriesALostRefreshNowAndThen_TheSessionGoesOn()
    {
        var session = await Api.NewSessionAsync("Phone");
        var token = session.Token;
        for (var rotation = 1; rotation <= 2 * Domain.Users.User.GraceRotationWindow; rotation++)
        {
            _clock.Advance(TimeSpan.FromMinutes(4));
            var answer = await RefreshAsync(token, session.DeviceId);
            if (rotation % Domain.Users.User.GraceRotationWindow == 1)
            {
                // The answer was lost: the client retries with the token it still has, twice even.
                _clock.Advance(TimeSpan.FromSeconds(3));
                Assert.That((await RefreshAsync(token, session.DeviceId)).Type, Is.EqualTo("refresh"));
                answer = await RefreshAsync(token, session.DeviceId);
            }

            Assert.That(answer.Type, Is.EqualTo("refresh"), $"rotation {rotation}");
            token = answer.Token;
        }

        Assert.That((string?)(await Api.GetUserAsync(token))["id"], Is.EqualTo(session.User.Id));
        Assert.That(ReuseEntries(session.User.Id), Is.Empty);
    }

    [Test]
    public async Task Profile_LastUsed_DoesNotShowWhenTheOwnerRefreshedWithinTheHour()
    {
        // Ten minutes into an hour: a refresh five minutes later is in the same hour.
        var now = _clock.GetUtcNow();
        _clock.SetUtcNow(new DateTimeOffset(now.Year, now.Month, now.Day, now.Hour, 10, 0, TimeSpan.Zero).AddHours(1));
        var owner = await Api.NewSessionAsync("Phone");
        var laptop = await Api.LoginAsync(owner.User.Email, owner.User.Password, "Laptop");
        var before = LastUsedOf(await Api.GetUserAsync(laptop.Token), owner.DeviceId);

        _clock.Advance(TimeSpan.FromMinutes(5));
        var refreshed = await RefreshAsync(owner.Token, owner.DeviceId);
        var after = LastUsedOf(await Api.GetUserAsync(refreshed.Token), owner.DeviceId);

        Assert.That(after, Is.EqualTo(before), "a copy's holder polling the profile learns nothing of the refresh");

        // The next hour shows, to the hour.
        _clock.Advance(TimeSpan.FromHours(1));
        refreshed = await RefreshAsync(refreshed.Token, owner.DeviceId);
        var nextHour = LastUsedOf(await Api.GetUserAsync(refreshed.Token), owner.DeviceId);
        Assert.That(DateTimeOffset.Parse(nextHour!, System.Globalization.CultureInfo.InvariantCulture), Is.EqualTo(new DateTimeOffset(now.Year, now.Month, now.Day, now.Hour, 0, 0, TimeSpan.Zero).AddHours(2)));
    }

    private static string? LastUsedOf(System.Text.Json.Nodes.JsonNode profile, string deviceId) =>
        (string?)profile["devices"]!.AsArray().Single(d => (string?)d!["device_id"] == deviceId)!["last_used"];

    private List<LogEntry> ReuseEntries(string userId) =>
        [.. _logs.Entries.Where(e => e.Category == SecurityEvent.Category && e.EventId.Id == 1020 && e.Property("UserId") == userId)];

    private async Task<TokenInfo> RefreshAsync(string token, string deviceId)
    {
        using var response = await Api.SendAsync(HttpMethod.Get, $"/tokens/{deviceId}", token);
        return LudminApi.ToToken(await Expect.JsonAsync(response, HttpStatusCode.OK));
    }
}
