using System.Net;
using Ludmin.Api.Tests.Support;

namespace Ludmin.Api.Tests;

/// <summary>GET /tokens/{device_id}: a new token for the device, from one expired up to the refresh window.</summary>
public sealed class RefreshTokenTests : ClockedApiTestBase
{
    [Test]
    public async Task Refresh_WhenUserTokenDeviceIsLinked_ReturnsARefreshToken()
    {
        // What the profile then shows as last_used: ClockTests and StaleGenerationTests, on a clock that moves.
        var session = await Api.NewSessionAsync();

        using var response = await Api.SendAsync(HttpMethod.Get, $"/tokens/{session.DeviceId}", session.Token);

        var token = LudminApi.ToToken(await Expect.JsonAsync(response, HttpStatusCode.OK));
        using (Assert.EnterMultipleScope())
        {
            Assert.That(token.Type, Is.EqualTo("refresh"));
            Assert.That(token.UserId, Is.EqualTo(session.User.Id));
            Assert.That(token.DeviceId, Is.EqualTo(session.DeviceId));
            Assert.That(token.Token, Is.Not.EqualTo(session.Token));
            Assert.That(TestTokens.Read(token.Token).Subject, Is.EqualTo(session.User.Id));
        }
    }

    [Test]
    public async Task Refresh_WhenRefreshed_TheNewTokenIsServed()
    {
        var session = await Api.NewSessionAsync();
        using var refresh = await Api.SendAsync(HttpMethod.Get, $"/tokens/{session.DeviceId}", session.Token);
        var token = LudminApi.ToToken(await Expect.JsonAsync(refresh, HttpStatusCode.OK));

        var profile = await Api.GetUserAsync(token.Token);

        Assert.That((string?)profile["id"], Is.EqualTo(session.User.Id));
    }

    [Test]
    public async Task Refresh_WhenTheEmailChanged_CarriesTheNewCurrentEmail()
    {
        var session = await Api.NewSessionAsync();
        var newEmail = Unique.Email("changed");
        await Api.UpdateAsync(session.Token, new { email = newEmail, current_password = session.User.Password });

        using var response = await Api.SendAsync(HttpMethod.Get, $"/tokens/{session.DeviceId}", session.Token);

        var token = LudminApi.ToToken(await Expect.JsonAsync(response, HttpStatusCode.OK));
        Assert.That(TestTokens.Read(token.Token).GetPayloadValue<string>("email"), Is.EqualTo(newEmail));
    }

    [Test]
    public async Task Refresh_WhenTokenIsPublic_ReturnsAPublicToken()
    {
        var device = await Api.PublicTokenAsync();

        using var response = await Api.SendAsync(HttpMethod.Get, $"/tokens/{device.DeviceId}", device.Token, bareToken: true);

        var token = LudminApi.ToToken(await Expect.JsonAsync(response, HttpStatusCode.OK));
        using (Assert.EnterMultipleScope())
        {
            Assert.That(token.Type, Is.EqualTo("public"));
            Assert.That(token.UserId, Is.Null);
            Assert.That(token.DeviceId, Is.EqualTo(device.DeviceId));
            Assert.That(TestTokens.Allowed(token.Token), Is.EqualTo(new[] { "public" }));
        }
    }

    [Test]
    public async Task Refresh_WhenUserTokenExpiredWithinTheWindow_ReturnsARefreshToken()
    {
        var session = await Api.NewSessionAsync();
        var expired = TestTokens.ForUser(session.User.Id, session.DeviceId, session.User.Email, Clock.GetUtcNow().AddDays(-29), sessionId: session.SessionId);
        using (var refused = await Api.SendAsync(HttpMethod.Get, "/users/me", expired))
        {
            // Its own code tells the client that a refresh, not a new login, is what it needs.
            await Expect.ProblemAsync(refused, HttpStatusCode.Unauthorized, "token_expired");
        }

        using var response = await Api.SendAsync(HttpMethod.Get, $"/tokens/{session.DeviceId}", expired);

        var token = LudminApi.ToToken(await Expect.JsonAsync(response, HttpStatusCode.OK));
        using (Assert.EnterMultipleScope())
        {
            Assert.That(token.Type, Is.EqualTo("refresh"));
            Assert.That(token.UserId, Is.EqualTo(session.User.Id));
            Assert.That(token.ExpiresAt, Is.GreaterThan(Clock.GetUtcNow()));
        }
    }

    [Test]
    public async Task Refresh_WhenPublicTokenExpiredWithinTheWindow_ReturnsAPublicToken()
    {
        var deviceId = Unique.Hex32();
        var expired = TestTokens.Public(deviceId, Clock.GetUtcNow().AddHours(-2));

        using var response = await Api.SendAsync(HttpMethod.Get, $"/tokens/{deviceId}", expired);

        var token = LudminApi.ToToken(await Expect.JsonAsync(response, HttpStatusCode.OK));
        Assert.That(token.Type, Is.EqualTo("public"));
    }

    [Test]
    public async Task Refresh_WhenExpiredTokenIsSignedWithAnotherKey_Returns401TokenInvalid()
    {
        var session = await Api.NewSessionAsync();
        var forged = TestTokens.ForUser(session.User.Id, session.DeviceId, session.User.Email, Clock.GetUtcNow().AddHours(-1), key: "another-key-that-is-long-enough-for-hs256-0123456789", sessionId: session.SessionId);

        using var response = await Api.SendAsync(HttpMethod.Get, $"/tokens/{session.DeviceId}", forged);

        await Expect.ProblemAsync(response, HttpStatusCode.Unauthorized, "token_invalid");
    }

    [Test]
    public async Task Refresh_WhenDeviceIdInPathIsNotTheTokens_Returns403DeviceMismatch()
    {
        var session = await Api.NewSessionAsync();
        var otherDevice = await Api.LoginAsync(session.User.Email, session.User.Password, "Other device");
        var before = await Api.StoreSnapshotAsync();

        using var response = await Api.SendAsync(HttpMethod.Get, $"/tokens/{otherDevice.DeviceId}", session.Token);

        await Expect.ProblemAsync(response, HttpStatusCode.Forbidden, "device_mismatch");
        Assert.That(await Api.StoreSnapshotAsync(), Is.EqualTo(before));
    }

    [Test]
    public async Task Refresh_WhenPublicTokenAsksForAnotherDevice_Returns403DeviceMismatch()
    {
        using var response = await DeviceEndpoint.Refresh.SendWithAPublicTokenAsync(Api, forItsOwnDevice: false);

        await Expect.ProblemAsync(response, HttpStatusCode.Forbidden, "device_mismatch");
    }

    [Test]
    public async Task Refresh_WhenTheDeviceWasLoggedOut_ReturnsAPublicToken()
    {
        var session = await Api.NewSessionAsync();
        await DeviceEndpoint.LogOutAsync(Api, session.DeviceId, session.Token);

        using var response = await Api.SendAsync(HttpMethod.Get, $"/tokens/{session.DeviceId}", session.Token);

        var token = LudminApi.ToToken(await Expect.JsonAsync(response, HttpStatusCode.OK));
        using (Assert.EnterMultipleScope())
        {
            Assert.That(token.Type, Is.EqualTo("public"));
            Assert.That(token.UserId, Is.Null);
            Assert.That(token.DeviceId, Is.EqualTo(session.DeviceId));
            Assert.That(TestTokens.Read(token.Token).TryGetPayloadValue<string>("sub", out _), Is.False);
        }
    }
}
