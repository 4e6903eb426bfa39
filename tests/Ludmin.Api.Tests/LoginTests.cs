using System.Net;
using System.Text.Json.Nodes;
using Ludmin.Api.Tests.Support;

namespace Ludmin.Api.Tests;

/// <summary>POST /tokens: credentials of the current email, and the device linked to the user.</summary>
public sealed class LoginTests : ApiTestBase
{
    [Test]
    public async Task Login_WhenCredentialsAreRight_Returns201WithALoginTokenForTheDevice()
    {
        var user = await Api.RegisterAsync();
        var device = await Api.PublicTokenAsync();

        using var response = await Api.SendAsync(HttpMethod.Post, "/tokens", device.Token, new { email = user.Email, password = user.Password, description = "Macbook Pro" });

        var token = LudminApi.ToToken(await Expect.JsonAsync(response, HttpStatusCode.Created));
        var jwt = TestTokens.Read(token.Token);
        using (Assert.EnterMultipleScope())
        {
            Assert.That(token.Type, Is.EqualTo("login"));
            Assert.That(token.UserId, Is.EqualTo(user.Id));
            Assert.That(token.DeviceId, Is.EqualTo(device.DeviceId));
            Assert.That(token.ExpiresAt, Is.GreaterThan(DateTimeOffset.UtcNow));
            Assert.That(response.Headers.Location?.OriginalString, Is.EqualTo($"/tokens/{device.DeviceId}"));
            Assert.That(jwt.Subject, Is.EqualTo(user.Id));
            Assert.That(jwt.GetPayloadValue<string>("email"), Is.EqualTo(user.Email));
            Assert.That(jwt.GetPayloadValue<string>("device_id"), Is.EqualTo(device.DeviceId));
            Assert.That(TestTokens.Allowed(token.Token), Is.EqualTo(new[] { "basics" }));
        }
    }

    [Test]
    public async Task Login_WhenSucceeded_LinksTheDeviceWithItsDescription()
    {
        var user = await Api.RegisterAsync();

        var token = await Api.LoginAsync(user.Email, user.Password, "Macbook Pro");

        var devices = (await Api.GetUserAsync(token.Token))["devices"]!.AsArray();
        Assert.That(devices, Has.Count.EqualTo(1));
        var device = devices[0]!;
        using (Assert.EnterMultipleScope())
        {
            Assert.That((string?)device["device_id"], Is.EqualTo(token.DeviceId));
            Assert.That((string?)device["description"], Is.EqualTo("Macbook Pro"));
            Assert.That((string?)device["first_seen"], Is.Not.Null);
            Assert.That((string?)device["last_used"], Is.EqualTo((string?)device["first_seen"]));
        }
    }

    [Test]
    public async Task Login_WhenTheSameDeviceLogsInAgain_KeepsOneLinkWithTheNewDescription()
    {
        var user = await Api.RegisterAsync();
        var first = await Api.LoginAsync(user.Email, user.Password, "Old laptop");

        var second = await Api.LoginAsync(user.Email, user.Password, "Renamed laptop", first.DeviceId);

        var devices = (await Api.GetUserAsync(second.Token))["devices"]!.AsArray();
        using (Assert.EnterMultipleScope())
        {
            Assert.That(devices, Has.Count.EqualTo(1));
            Assert.That((string?)devices[0]!["description"], Is.EqualTo("Renamed laptop"));
        }
    }

    [TestCase(null, TestName = "Login_WhenTheSameDeviceLogsInAgainWithoutADescription_KeepsTheDescriptionItHad(left out)")]
    [TestCase("null", TestName = "Login_WhenTheSameDeviceLogsInAgainWithoutADescription_KeepsTheDescriptionItHad(null)")]
    [TestCase("\"\"", TestName = "Login_WhenTheSameDeviceLogsInAgainWithoutADescription_KeepsTheDescriptionItHad(empty)")]
    [TestCase("\"   \"", TestName = "Login_WhenTheSameDeviceLogsInAgainWithoutADescription_KeepsTheDescriptionItHad(blank)")]
    public async Task Login_WhenTheSameDeviceLogsInAgainWithoutADescription_KeepsTheDescriptionItHad(string? description)
    {
        var user = await Api.RegisterAsync();
        var first = await Api.LoginAsync(user.Email, user.Password, "Work laptop");
        var body = $$"""{"email":"{{user.Email}}","password":"{{user.Password}}"{{(description is null ? "" : $",\"description\":{description}")}}}""";

        using var response = await Api.SendContentAsync(HttpMethod.Post, "/tokens", first.Token, new StringContent(body, System.Text.Encoding.UTF8, "application/json"));

        var second = LudminApi.ToToken(await Expect.JsonAsync(response, HttpStatusCode.Created));
        Assert.That(second.Token, Is.Not.EqualTo(first.Token));
        var devices = (await Api.GetUserAsync(second.Token))["devices"]!.AsArray();
        Assert.That(devices.Select(d => (string?)d!["description"]), Is.EqualTo(new[] { "Work laptop" }));
    }

    [Test]
    public async Task Login_WhenDescriptionIsLeftOut_LinksTheDeviceWithAnEmptyDescription()
    {
        var user = await Api.RegisterAsync();
        var device = await Api.PublicTokenAsync();

        using var response = await Api.SendAsync(HttpMethod.Post, "/tokens", device.Token, new { email = user.Email, password = user.Password });

        var token = LudminApi.ToToken(await Expect.JsonAsync(response, HttpStatusCode.Created));
        var devices = (await Api.GetUserAsync(token.Token))["devices"]!.AsArray();
        Assert.That((string?)devices[0]!["description"], Is.Empty);
    }

    [Test]
    public async Task Login_WhenEmailDiffersInCaseAndSpaces_LogsIn()
    {
        var user = await Api.RegisterAsync(Unique.Email("Case.Login"));

        var token = await Api.LoginAsync($"  {user.Email.ToUpperInvariant()} ", user.Password);

        Assert.That(token.UserId, Is.EqualTo(user.Id));
    }

    [Test]
    public async Task Login_WhenPasswordIsWrong_Returns401InvalidCredentials()
    {
        var user = await Api.RegisterAsync();

        using var response = await LoginAsync(user.Email, "not the password");

        await Expect.ProblemAsync(response, HttpStatusCode.Unauthorized, "invalid_credentials");
    }

    [Test]
    public async Task Login_WhenEmailIsUnknown_Returns401InvalidCredentials()
    {
        using var response = await LoginAsync(Unique.Email("nobody"), LudminApi.Password);

        await Expect.ProblemAsync(response, HttpStatusCode.Unauthorized, "invalid_credentials");
    }

    [Test]
    public async Task Login_WhenEmailIsUnknownOrPasswordWrong_AnswersTheSame()
    {
        var user = await Api.RegisterAsync();

        using var wrongPassword = await LoginAsync(user.Email, "not the password");
        using var unknownEmail = await LoginAsync(Unique.Email("nobody"), user.Password);

        var a = WithoutTraceId(await Expect.ProblemAsync(wrongPassword, HttpStatusCode.Unauthorized, "invalid_credentials"));
        var b = WithoutTraceId(await Expect.ProblemAsync(unknownEmail, HttpStatusCode.Unauthorized, "invalid_credentials"));
        Assert.That(a, Is.EqualTo(b));
    }

    [Test]
    public async Task Login_WhenRefused_LinksNoDevice()
    {
        var user = await Api.RegisterAsync();

        // A refused login counts a failure against the address (login_throttles), by design; nothing else changes.
        var before = await Api.StoreSnapshotExceptAsync("login_throttles");

        using var response = await LoginAsync(user.Email, "not the password");

        await Expect.ProblemAsync(response, HttpStatusCode.Unauthorized, "invalid_credentials");
        Assert.That(await Api.StoreSnapshotExceptAsync("login_throttles"), Is.EqualTo(before));
    }

    [Test]
    public async Task Login_WhenEmailIsAPastEmailOfTheUser_Returns401InvalidCredentials()
    {
        var session = await Api.NewSessionAsync();
        await Api.UpdateAsync(session.Token, new { email = Unique.Email("new"), current_password = session.User.Password });

        using var response = await LoginAsync(session.User.Email, session.User.Password);

        await Expect.ProblemAsync(response, HttpStatusCode.Unauthorized, "invalid_credentials");
    }

    [Test]
    public async Task Login_WhenNoTokenIsSent_Returns401TokenMissing()
    {
        var user = await Api.RegisterAsync();

        using var response = await Api.SendAsync(HttpMethod.Post, "/tokens", json: new { email = user.Email, password = user.Password, description = "x" });

        await Expect.ProblemAsync(response, HttpStatusCode.Unauthorized, "token_missing");
    }

    [Test]
    public async Task Login_WhenSentWithAUserToken_LogsInOnThatTokensDevice()
    {
        var first = await Api.NewSessionAsync();
        var other = await Api.RegisterAsync();

        using var response = await Api.SendAsync(HttpMethod.Post, "/tokens", first.Token, new { email = other.Email, password = other.Password, description = "Shared tablet" });

        var token = LudminApi.ToToken(await Expect.JsonAsync(response, HttpStatusCode.Created));
        using (Assert.EnterMultipleScope())
        {
            Assert.That(token.UserId, Is.EqualTo(other.Id));
            Assert.That(token.DeviceId, Is.EqualTo(first.DeviceId));
        }
    }

    private async Task<HttpResponseMessage> LoginAsync(string email, string password)
    {
        var device = await Api.PublicTokenAsync();
        return await Api.SendAsync(HttpMethod.Post, "/tokens", device.Token, new { email, password, description = "Test device" });
    }

    private static string WithoutTraceId(JsonNode problem)
    {
        var copy = problem.DeepClone().AsObject();
        copy.Remove("trace_id");
        return copy.ToJsonString();
    }
}
