using System.Net.Http.Headers;
using Ludmin.Consumer.Tests.Generated;
using Ludmin.Consumer.Tests.Support;

namespace Ludmin.Consumer.Tests;

/// <summary>
/// A frontend developer's path: a client generated from docs/openapi.json (during this build,
/// by NSwag), walking the whole flow of the seed description (docs/seed.md) against a running Ludmin without knowing its code.
/// </summary>
public sealed class GeneratedClientTests
{
    private const string FirstPassword = "correct horse battery";
    private const string SecondPassword = "staple orbit lantern";
    private const string ResetPassword = "quiet meadow river";

    private ConsumerFactory _factory = null!;

    [OneTimeSetUp]
    public void StartServer() => _factory = new ConsumerFactory();

    [OneTimeTearDown]
    public void StopServer() => _factory.Dispose();

    [Test]
    public async Task SeedFlow_WithTheGeneratedClient_Works()
    {
        using var http = _factory.CreateClient();
        var client = new LudminClient(http);
        var laptop = Convert.ToHexStringLower(Guid.NewGuid().ToByteArray());
        var email = $"jhon.{Guid.NewGuid():N}@doe.com";

        // A public token, then register and log in with it.
        var publicToken = await client.IssuePublicTokenAsync(new PublicTokenRequest { Device_id = laptop });
        Assert.That(publicToken.Type, Is.EqualTo(TokenResultType.Public));
        Use(http, publicToken.Token);
        var registered = await client.RegisterUserAsync(new RegisterUserRequest
        {
            Full_name = "Jhon Doe",
            Email = email,
            Password = FirstPassword,
            Password_confirmation = FirstPassword,
        });
        var login = await client.LoginAsync(new LoginRequest { Email = email, Password = FirstPassword, Description = "Macbook Pro" });
        Assert.That(login.Type, Is.EqualTo(TokenResultType.Login));
        Assert.That(login.User_id, Is.EqualTo(registered.Id));

        // The profile, and an update of every part in one call.
        Use(http, login.Token);
        var me = await client.GetUserAsync("me");
        Assert.That(me.Devices.Select(d => (d.Description, d.Current)), Is.EqualTo(new[] { ("Macbook Pro", true) }));
        var newEmail = $"john.{Guid.NewGuid():N}@doe.com";
        var updated = await client.UpdateProfileAsync("me", new UpdateProfileRequest
        {
            Full_name = "John Doe",
            Email = newEmail,
            Password = SecondPassword,
            Password_confirmation = SecondPassword,
            Current_password = FirstPassword,
        });
        Assert.That(updated.Current_email, Is.EqualTo(newEmail));
        Assert.That(updated.Emails, Has.Count.EqualTo(2));

        // Refresh, log in on a second device, log that device out from the first.
        var refreshed = await client.RefreshTokenAsync(laptop);
        Assert.That(refreshed.Type, Is.EqualTo(TokenResultType.Refresh));
        Use(http, refreshed.Token);
        var phone = Convert.ToHexStringLower(Guid.NewGuid().ToByteArray());
        Use(http, (await client.IssuePublicTokenAsync(new PublicTokenRequest { Device_id = phone })).Token);
        var phoneLogin = await client.LoginAsync(new LoginRequest { Email = newEmail, Password = SecondPassword, Description = "Phone" });
        Use(http, refreshed.Token);
        await client.LogoutAsync(phone);
        Use(http, phoneLogin.Token);
        var afterLogout = await client.RefreshTokenAsync(phone);
        Assert.That(afterLogout.Type, Is.EqualTo(TokenResultType.Public), "a logged-out device refreshes into a public token");

        // Reset the password with the code from the pickup folder; every device is logged out.
        Use(http, publicToken.Token);
        await client.RequestResetAsync(new ResetRequest { Email = newEmail });
        var code = await _factory.ResetCodeForAsync(newEmail);
        await client.CompleteResetAsync(new CompleteResetRequest { Email = newEmail, Code = code, Password = ResetPassword, Password_confirmation = ResetPassword });

        var relogin = await client.LoginAsync(new LoginRequest { Email = newEmail, Password = ResetPassword, Description = "Macbook Pro" });
        Assert.That(relogin.User_id, Is.EqualTo(registered.Id));
        var oldPassword = Assert.ThrowsAsync<ApiException<ProblemResponse>>(() =>
            client.LoginAsync(new LoginRequest { Email = newEmail, Password = SecondPassword, Description = "x" }));
        Assert.That(oldPassword!.Result.Code, Is.EqualTo("invalid_credentials"));

        Use(http, refreshed.Token);
        var oldToken = Assert.ThrowsAsync<ApiException<ProblemResponse>>(() => client.GetUserAsync("me"));
        Assert.That(oldToken!.StatusCode, Is.EqualTo(401));
        Assert.That(oldToken.Result.Code, Is.EqualTo("session_ended"));

        // Close the account with its password in the DELETE body; its tokens end and its address is free.
        Use(http, relogin.Token);
        var wrongPassword = Assert.ThrowsAsync<ApiException<ProblemResponse>>(() =>
            client.DeleteUserAsync("me", new DeleteUserRequest { Current_password = SecondPassword }));
        Assert.That(wrongPassword!.Result.Code, Is.EqualTo("current_password_invalid"));
        await client.DeleteUserAsync("me", new DeleteUserRequest { Current_password = ResetPassword });
        var closed = Assert.ThrowsAsync<ApiException<ProblemResponse>>(() => client.GetUserAsync("me"));
        Assert.That(closed!.Result.Code, Is.EqualTo("session_ended"));
        Use(http, publicToken.Token);
        var again = await client.RegisterUserAsync(new RegisterUserRequest
        {
            Full_name = "John Again",
            Email = newEmail,
            Password = FirstPassword,
            Password_confirmation = FirstPassword,
        });
        Assert.That(again.Id, Is.Not.EqualTo(registered.Id));
    }

    [Test]
    public async Task Errors_ReachTheClientAsTypedProblems()
    {
        using var http = _factory.CreateClient();
        var client = new LudminClient(http);
        Use(http, (await client.IssuePublicTokenAsync(new PublicTokenRequest())).Token);

        var invalid = Assert.ThrowsAsync<ApiException<ProblemResponse>>(() => client.RegisterUserAsync(new RegisterUserRequest
        {
            Full_name = "",
            Email = "not an email",
            Password = "short",
            Password_confirmation = "other",
        }));

        Assert.That(invalid!.StatusCode, Is.EqualTo(400));
        Assert.That(invalid.Result.Code, Is.EqualTo("validation_failed"));
        Assert.That(invalid.Result.Errors!.Keys, Is.SupersetOf(new[] { "full_name", "email", "password", "password_confirmation" }));
    }

    private static void Use(HttpClient http, string token) =>
        http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token);
}
