using System.Net;
using Ludmin.Api.Tests.Support;

namespace Ludmin.Api.Tests;

/// <summary>The seed README's whole story, one step after the other, as a client would live it.</summary>
public sealed class SeedFlowTests : ApiTestBase
{
    [Test]
    public async Task SeedFlow_WhenFollowedFromStartToEnd_WorksAsTheReadmeDescribes()
    {
        // Public token: a device id of 32 characters is kept.
        var macbookId = Unique.Hex32();
        using var publicResponse = await Api.SendAsync(HttpMethod.Post, "/tokens/public", json: new { device_id = macbookId });
        var publicToken = LudminApi.ToToken(await Expect.JsonAsync(publicResponse, HttpStatusCode.OK));
        Assert.That(publicToken.DeviceId, Is.EqualTo(macbookId));

        // New user, with the public token.
        var email = Unique.Email("jhon");
        using var registerResponse = await Api.SendAsync(HttpMethod.Post, "/users", publicToken.Token, new
        {
            full_name = "Jhon Doe",
            email,
            password = "123123123",
            password_confirmation = "123123123",
        });
        var registered = await Expect.JsonAsync(registerResponse, HttpStatusCode.Created);
        var userId = (string)registered["id"]!;

        // Login on the Macbook with the bare Authorization header, as the seed writes it.
        using var loginResponse = await Api.SendAsync(HttpMethod.Post, "/tokens", publicToken.Token, new { email, password = "123123123", description = "Macbook Pro" }, bareToken: true);
        var macbook = LudminApi.ToToken(await Expect.JsonAsync(loginResponse, HttpStatusCode.Created));
        Assert.That(macbook.Type, Is.EqualTo("login"));

        // A second device logs in too.
        var phone = await Api.LoginAsync(email, "123123123", "Phone");

        // Profile: full for the user.
        var profile = await Api.GetUserAsync(macbook.Token);
        Assert.That(Profiles.DeviceIds(profile), Is.EquivalentTo(new[] { macbookId, phone.DeviceId }));

        // Updates: name, then email, then password, each as the README shows them.
        await Api.UpdateAsync(macbook.Token, new { full_name = "My new name" });
        var newEmail = Unique.Email("new");
        await Api.UpdateAsync(macbook.Token, new { email = newEmail, current_password = "123123123" });
        profile = await Api.UpdateAsync(macbook.Token, new { password = "456456456", password_confirmation = "456456456", current_password = "123123123" });
        using (Assert.EnterMultipleScope())
        {
            Assert.That((string?)profile["full_name"], Is.EqualTo("My new name"));
            Assert.That((string?)profile["current_email"], Is.EqualTo(newEmail));
            Assert.That(Profiles.DeviceIds(profile), Is.EqualTo(new[] { macbookId }), "the password change logged the phone out");
        }

        // Refresh on the Macbook.
        using var refreshResponse = await Api.SendAsync(HttpMethod.Get, $"/tokens/{macbookId}", macbook.Token, bareToken: true);
        var refreshed = LudminApi.ToToken(await Expect.JsonAsync(refreshResponse, HttpStatusCode.OK));
        Assert.That(refreshed.Type, Is.EqualTo("refresh"));

        // The phone logs in again, and the Macbook logs it out.
        var phoneAgain = await Api.LoginAsync(newEmail, "456456456", "Phone");
        using (var logout = await Api.SendAsync(HttpMethod.Delete, $"/tokens/{phoneAgain.DeviceId}", refreshed.Token))
        {
            await Expect.EmptyAsync(logout, HttpStatusCode.NoContent);
        }

        // Refresh after logout: the phone goes on with a public token.
        using var phoneRefresh = await Api.SendAsync(HttpMethod.Get, $"/tokens/{phoneAgain.DeviceId}", phoneAgain.Token);
        var phonePublic = LudminApi.ToToken(await Expect.JsonAsync(phoneRefresh, HttpStatusCode.OK));
        Assert.That(phonePublic.Type, Is.EqualTo("public"));

        // Reset: request with the phone's public token, read the code the sending task would pick up.
        using (var request = await Api.SendAsync(HttpMethod.Post, "/users/reset", phonePublic.Token, new { email = newEmail }))
        {
            await Expect.EmptyAsync(request, HttpStatusCode.Accepted);
        }

        var code = await Api.ReadNewestResetCodeAsync(newEmail);
        using (var reset = await Api.SendAsync(HttpMethod.Put, "/users/reset", phonePublic.Token, new { email = newEmail, code, password = "789789789", password_confirmation = "789789789" }))
        {
            await Expect.EmptyAsync(reset, HttpStatusCode.NoContent);
        }

        // Login with the new password works; the old one does not.
        var afterReset = await Api.LoginAsync(newEmail, "789789789", "Phone");
        Assert.That(afterReset.UserId, Is.EqualTo(userId));
        var device = await Api.PublicTokenAsync();
        using (var oldPassword = await Api.SendAsync(HttpMethod.Post, "/tokens", device.Token, new { email = newEmail, password = "456456456", description = "x" }))
        {
            await Expect.ProblemAsync(oldPassword, HttpStatusCode.Unauthorized, "invalid_credentials");
        }

        // Every token from before the reset is refused.
        foreach (var old in new[] { macbook.Token, refreshed.Token, phone.Token, phoneAgain.Token })
        {
            using var refused = await Api.SendAsync(HttpMethod.Get, "/users/me", old);
            await Expect.ProblemAsync(refused, HttpStatusCode.Unauthorized, "session_ended");
        }

        Assert.That((string?)(await Api.GetUserAsync(afterReset.Token))["id"], Is.EqualTo(userId));
    }
}
