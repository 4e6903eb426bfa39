using System.Net;
using Ludmin.Api.Tests.Support;

namespace Ludmin.Api.Tests;

/// <summary>DELETE /tokens/{device_id}: unlinking any device of the token's user, effective on the next request.</summary>
public sealed class LogoutTests : ApiTestBase
{
    [Test]
    public async Task Logout_WhenOwnDevice_Returns204AndTheTokenIsRefusedOnTheNextRequest()
    {
        var session = await Api.NewSessionAsync();

        using var response = await Api.SendAsync(HttpMethod.Delete, $"/tokens/{session.DeviceId}", session.Token);

        await Expect.EmptyAsync(response, HttpStatusCode.NoContent);
        using var next = await Api.SendAsync(HttpMethod.Get, "/users/me", session.Token);
        await Expect.ProblemAsync(next, HttpStatusCode.Unauthorized, "session_ended");
    }

    [Test]
    public async Task Logout_WhenAnotherDeviceOfTheSameUser_LogsOnlyThatDeviceOut()
    {
        var phone = await Api.NewSessionAsync(description: "Phone");
        var laptop = await Api.LoginAsync(phone.User.Email, phone.User.Password, "Laptop");

        using var response = await Api.SendAsync(HttpMethod.Delete, $"/tokens/{laptop.DeviceId}", phone.Token);

        await Expect.EmptyAsync(response, HttpStatusCode.NoContent);
        using var laptopNext = await Api.SendAsync(HttpMethod.Get, "/users/me", laptop.Token);
        await Expect.ProblemAsync(laptopNext, HttpStatusCode.Unauthorized, "session_ended");
        var devices = (await Api.GetUserAsync(phone.Token))["devices"]!.AsArray().Select(d => (string?)d!["device_id"]);
        Assert.That(devices, Is.EqualTo(new[] { phone.DeviceId }));
    }

    [Test]
    public async Task Logout_WhenTheLoggedOutTokenIsUsedWithTheBareHeader_IsRefusedToo()
    {
        var session = await Api.NewSessionAsync();
        using (var response = await Api.SendAsync(HttpMethod.Delete, $"/tokens/{session.DeviceId}", session.Token))
        {
            await Expect.EmptyAsync(response, HttpStatusCode.NoContent);
        }

        using var next = await Api.SendAsync(HttpMethod.Put, "/users/me", session.Token, new { full_name = "Still here?" }, bareToken: true);

        await Expect.ProblemAsync(next, HttpStatusCode.Unauthorized, "session_ended");
    }

    [Test]
    public async Task Logout_WhenDeviceBelongsToAnotherUser_Returns404AndChangesNothing()
    {
        var mine = await Api.NewSessionAsync();
        var theirs = await Api.NewSessionAsync();
        var before = await Api.StoreSnapshotAsync();

        using var response = await Api.SendAsync(HttpMethod.Delete, $"/tokens/{theirs.DeviceId}", mine.Token);

        await Expect.ProblemAsync(response, HttpStatusCode.NotFound, "device_not_found");
        Assert.That(await Api.StoreSnapshotAsync(), Is.EqualTo(before));
        Assert.That((await Api.GetUserAsync(theirs.Token))["devices"]!.AsArray(), Has.Count.EqualTo(1));
    }

    [TestCase("0123456789abcdef0123456789abcdef")]
    [TestCase("not-a-device")]
    public async Task Logout_WhenDeviceIsUnknownOrMalformed_Returns404DeviceNotFound(string deviceId)
    {
        var session = await Api.NewSessionAsync();

        using var response = await Api.SendAsync(HttpMethod.Delete, $"/tokens/{deviceId}", session.Token);

        await Expect.ProblemAsync(response, HttpStatusCode.NotFound, "device_not_found");
    }

    [Test]
    public async Task Logout_WhenTokenIsPublic_Returns403Forbidden()
    {
        using var response = await DeviceEndpoint.Logout.SendWithAPublicTokenAsync(Api, forItsOwnDevice: true);

        await Expect.ProblemAsync(response, HttpStatusCode.Forbidden, "forbidden");
    }

    [Test]
    public async Task Logout_WhenUserTokenExpiredWithinTheWindow_Returns204()
    {
        var session = await Api.NewSessionAsync();

        using var response = await DeviceEndpoint.Logout.SendWithAnExpiredTokenAsync(Api, session, TimeSpan.FromHours(3));

        await Expect.EmptyAsync(response, HttpStatusCode.NoContent);
        Assert.That(await StoreSnapshot.ScalarAsync(Factory.DatabasePath, "SELECT COUNT(*) FROM user_devices WHERE user_id = $id", ("$id", session.User.Id)), Is.EqualTo("0"));
    }

    [Test]
    public async Task Logout_WhenTheCallersOwnDeviceWasLoggedOut_Returns401SessionEndedAndChangesNothing()
    {
        var phone = await Api.NewSessionAsync(description: "Phone");
        var laptop = await Api.LoginAsync(phone.User.Email, phone.User.Password, "Laptop");
        await DeviceEndpoint.LogOutAsync(Api, phone.DeviceId, laptop.Token);

        var before = await Api.StoreSnapshotAsync();

        // The phone's token is still within the refresh window, but its session has ended.
        using var retaliation = await Api.SendAsync(HttpMethod.Delete, $"/tokens/{laptop.DeviceId}", phone.Token);

        await Expect.ProblemAsync(retaliation, HttpStatusCode.Unauthorized, "session_ended");
        Assert.That(await Api.StoreSnapshotAsync(), Is.EqualTo(before));
    }

    [Test]
    public async Task Login_WhenTheDeviceWasLoggedOut_LinksItAgain()
    {
        var session = await Api.NewSessionAsync();
        await DeviceEndpoint.LogOutAsync(Api, session.DeviceId, session.Token);

        var again = await Api.LoginAsync(session.User.Email, session.User.Password, "Back again", session.DeviceId);

        var devices = (await Api.GetUserAsync(again.Token))["devices"]!.AsArray();
        Assert.That(devices.Select(d => (string?)d!["device_id"]), Is.EqualTo(new[] { session.DeviceId }));
    }
}
