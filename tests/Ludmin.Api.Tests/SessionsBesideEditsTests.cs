using System.Net;
using Ludmin.Api.Tests.Support;
using Microsoft.Extensions.Time.Testing;

namespace Ludmin.Api.Tests;

/// <summary>
/// Logins and refreshes of a user while that user's profile is edited hard: device sessions have
/// their own guards in the store, so they never lose to an edit; the edits themselves still each
/// land whole or answer 409, never lost.
/// </summary>
public sealed class SessionsBesideEditsTests : ApiTestBase
{
    private const int Logins = 35;
    private const int Edits = 300;

    /// <summary>Room in the hash queue for every login at once: this test is about the store, not admission.</summary>
    private readonly FakeTimeProvider _clock = new(DateTimeOffset.FromUnixTimeSeconds(DateTimeOffset.UtcNow.ToUnixTimeSeconds()));

    protected override LudminFactoryOptions FactoryOptions => new() { HashQueueLength = Logins * 2, Clock = _clock };

    [Test]
    public async Task Logins_WhileManyProfileEditsOfTheSameUserRun_AllSucceedAndEveryEditIsAppliedOrAConflict()
    {
        var editor = await Api.NewSessionAsync(description: "Editor");
        var devices = await Task.WhenAll(Enumerable.Range(0, Logins).Select(_ => Api.PublicTokenAsync()));

        var edits = Enumerable.Range(0, Edits)
            .Select(i => Api.SendAsync(HttpMethod.Put, "/users/me", editor.Token, new { full_name = $"Name {i}" }))
            .ToList();
        var logins = devices
            .Select(d => Api.SendAsync(HttpMethod.Post, "/tokens", d.Token, new { email = editor.User.Email, password = editor.User.Password, description = "Racer" }))
            .ToList();
        var loginResponses = await Task.WhenAll(logins);
        var editResponses = await Task.WhenAll(edits);

        var applied = new List<string>();
        for (var i = 0; i < Edits; i++)
        {
            using var response = editResponses[i];
            if (response.StatusCode == HttpStatusCode.OK)
            {
                applied.Add($"Name {i}");
            }
            else
            {
                await Expect.ProblemAsync(response, HttpStatusCode.Conflict, "concurrent_update");
            }
        }

        var sessions = new List<TokenInfo>();
        foreach (var response in loginResponses)
        {
            using (response)
            {
                sessions.Add(LudminApi.ToToken(await Expect.JsonAsync(response, HttpStatusCode.Created)));
            }
        }

        var profile = await Api.GetUserAsync(editor.Token);
        using (Assert.EnterMultipleScope())
        {
            Assert.That(applied, Is.Not.Empty);
            Assert.That(applied, Does.Contain((string?)profile["full_name"]), "the name stored is one an edit was told was applied");
            Assert.That(Profiles.DeviceIds(profile), Is.SupersetOf(devices.Select(d => d.DeviceId)), "every login's device is linked");
        }

        foreach (var session in sessions)
        {
            using var me = await Api.SendAsync(HttpMethod.Get, "/users/me", session.Token);
            Assert.That(me.StatusCode, Is.EqualTo(HttpStatusCode.OK), "every login's session lives");
        }
    }

    [Test]
    public async Task Refreshes_WhileProfileEditsOfTheSameUserRun_AllRefreshTheUserTokenAndMoveLastUsed()
    {
        // A minute before the hour, so the refreshes two minutes later show: last_used is shown to the hour.
        var now = _clock.GetUtcNow();
        _clock.SetUtcNow(new DateTimeOffset(now.Year, now.Month, now.Day, now.Hour, 59, 0, TimeSpan.Zero).AddHours(1));
        var editor = await Api.NewSessionAsync(description: "Editor");
        var phone = await Api.LoginAsync(editor.User.Email, editor.User.Password, "Phone");
        var before = LastUsedOf(await Api.GetUserAsync(editor.Token), phone.DeviceId);
        _clock.Advance(TimeSpan.FromMinutes(2));

        var edits = Enumerable.Range(0, 60)
            .Select(i => Api.SendAsync(HttpMethod.Put, "/users/me", editor.Token, new { full_name = $"Name {i}" }))
            .ToList();
        var refreshes = Enumerable.Range(0, 20)
            .Select(_ => Api.SendAsync(HttpMethod.Get, $"/tokens/{phone.DeviceId}", phone.Token))
            .ToList();

        foreach (var response in await Task.WhenAll(refreshes))
        {
            using (response)
            {
                Assert.That((string?)(await Expect.JsonAsync(response, HttpStatusCode.OK))["type"], Is.EqualTo("refresh"));
            }
        }

        foreach (var response in await Task.WhenAll(edits))
        {
            using (response)
            {
                Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.OK).Or.EqualTo(HttpStatusCode.Conflict));
            }
        }

        Assert.That(LastUsedOf(await Api.GetUserAsync(editor.Token), phone.DeviceId), Is.GreaterThan(before), "the refreshes' last_used shows at once");
    }

    private static DateTimeOffset LastUsedOf(System.Text.Json.Nodes.JsonNode profile, string deviceId) =>
        DateTimeOffset.Parse(
            (string)profile["devices"]!.AsArray().Single(d => (string?)d!["device_id"] == deviceId)!["last_used"]!,
            System.Globalization.CultureInfo.InvariantCulture);
}
