using System.Net;
using System.Text.Json.Nodes;
using Ludmin.Api.Tests.Support;

namespace Ludmin.Api.Tests;

/// <summary>
/// Passkeys end to end with a software authenticator (ES256, attestation none): registering,
/// managing, signing in with a passkey alone, and every answer the issue says is refused, each
/// with its clear 4xx and nothing stored.
/// </summary>
public sealed class PasskeyTests : ClockedApiTestBase
{
    private readonly LogCapture _logs = new();

    protected override LudminFactoryOptions FactoryOptions => new() { Clock = Clock, Settings = Passkeys.Settings, Logs = _logs };

    [Test]
    public async Task RegisterThenSignIn_WithThePasskeyAlone_LinksANewDeviceToTheUser()
    {
        var session = await Api.NewSessionAsync("passkey.signin");
        using var authenticator = new SoftwareAuthenticator(Passkeys.Origin);
        var passkey = await Api.RegisterPasskeyAsync(session.Token, authenticator, "Laptop");
        Assert.That((string?)passkey["name"], Is.EqualTo("Laptop"));

        var token = await Api.SignInWithPasskeyAsync(authenticator);

        Assert.That(token.UserId, Is.EqualTo(session.User.Id));
        Assert.That(token.Type, Is.EqualTo("login"));
        Assert.That(SecondFactorSteps.Claim(token.Token, "aal"), Is.EqualTo("2"), "a passkey with user verification is two factors in one");
        Assert.That(SecondFactorSteps.Claim(token.Token, "amr"), Is.EqualTo("""["hwk","mfa"]"""));
        var profile = await Api.GetUserAsync(token.Token);
        Assert.That(profile["devices"]!.AsArray().Select(d => (string?)d!["device_id"]), Does.Contain(token.DeviceId));
        Assert.That((string?)profile["devices"]!.AsArray().Single(d => (string?)d!["device_id"] == token.DeviceId)!["description"], Is.EqualTo("Passkey device"));
    }

    [Test]
    public async Task CreationOptions_AreWebAuthnJsonForTheUser_WithTheirPasskeysExcluded()
    {
        var session = await Api.NewSessionAsync("passkey.options");
        using var first = new SoftwareAuthenticator(Passkeys.Origin);
        await Api.RegisterPasskeyAsync(session.Token, first);

        var options = await Api.CreationOptionsAsync(session.Token);

        using (Assert.EnterMultipleScope())
        {
            Assert.That((string?)options["rp"]!["id"], Is.EqualTo("localhost"));
            Assert.That((string?)options["rp"]!["name"], Is.EqualTo("Ludmin tests"));
            Assert.That((string?)options["user"]!["id"], Is.EqualTo(Base64UrlOf(Convert.FromHexString(session.User.Id))), "the user handle is the id's bytes, no personal data");
            Assert.That((string?)options["user"]!["name"], Is.EqualTo(session.User.Email));
            Assert.That((string?)options["user"]!["displayName"], Is.EqualTo("Ann Lee"));
            Assert.That(System.Buffers.Text.Base64Url.DecodeFromChars((string)options["challenge"]!), Has.Length.EqualTo(32));
            Assert.That(options["pubKeyCredParams"]!.AsArray().Select(p => (int)p!["alg"]!), Is.EqualTo(new[] { -7, -8, -257 }));
            Assert.That((string?)options["authenticatorSelection"]!["residentKey"], Is.EqualTo("required"));
            Assert.That((string?)options["authenticatorSelection"]!["userVerification"], Is.EqualTo("required"));
            Assert.That((string?)options["attestation"], Is.EqualTo("none"));
            Assert.That(options["excludeCredentials"]!.AsArray().Select(c => (string?)c!["id"]), Is.EqualTo(new[] { first.CredentialIdText }));
            Assert.That((int?)options["timeout"], Is.EqualTo(300_000));
        }
    }

    [Test]
    public async Task SignInOptions_NameNoAccount_AndRequireUserVerification()
    {
        var device = await Api.PublicTokenAsync();

        var options = await Api.RequestOptionsAsync(device.Token);

        Assert.That(options.AsObject().Select(m => m.Key), Is.EquivalentTo(new[] { "challenge", "timeout", "rpId", "allowCredentials", "userVerification", "hints" }));
        Assert.That(options["allowCredentials"]!.AsArray(), Is.Empty);
        Assert.That((string?)options["userVerification"], Is.EqualTo("required"));
    }

    [Test]
    public async Task SignInOptions_WithAnEmptyObjectBody_AreAnsweredToo()
    {
        var device = await Api.PublicTokenAsync();
        using var response = await Api.SendAsync(HttpMethod.Post, "/tokens/passkey/options", device.Token, new JsonObject());
        Assert.That((await Expect.JsonAsync(response, HttpStatusCode.OK))["challenge"], Is.Not.Null);
    }

    [Test]
    public async Task ListRenameDelete_ManageThePasskeys_AndTheProfileCountsThem()
    {
        var session = await Api.NewSessionAsync("passkey.manage");
        using var phone = new SoftwareAuthenticator(Passkeys.Origin);
        using var key = new SoftwareAuthenticator(Passkeys.Origin, synced: true);
        var first = await Api.RegisterPasskeyAsync(session.Token, phone, "Phone");
        Clock.Advance(TimeSpan.FromSeconds(1));
        await Api.RegisterPasskeyAsync(session.Token, key, "Synced");
        Assert.That((int?)(await Api.GetUserAsync(session.Token))["passkey_count"], Is.EqualTo(2));

        using (var renamed = await Api.SendAsync(HttpMethod.Put, $"/users/me/passkeys/{first["id"]}", session.Token, new { name = "Old phone" }))
        {
            Assert.That((string?)(await Expect.JsonAsync(renamed, HttpStatusCode.OK))["name"], Is.EqualTo("Old phone"));
        }

        using (var listed = await Api.SendAsync(HttpMethod.Get, "/users/me/passkeys", session.Token))
        {
            var items = (await Expect.JsonAsync(listed, HttpStatusCode.OK))["items"]!.AsArray();
            Assert.That(items.Select(i => (string?)i!["name"]), Is.EqualTo(new[] { "Old phone", "Synced" }));
            Assert.That(items.Select(i => (bool?)i!["backup_eligible"]), Is.EqualTo(new bool?[] { false, true }));
            Assert.That(items.Select(i => (bool?)i!["backed_up"]), Is.EqualTo(new bool?[] { false, true }));
            Assert.That(items.All(i => i!["last_used"] is null));
        }

        using (var deleted = await Api.SendAsync(HttpMethod.Delete, $"/users/me/passkeys/{first["id"]}", session.Token))
        {
            await Expect.EmptyAsync(deleted, HttpStatusCode.NoContent);
        }

        Assert.That((int?)(await Api.GetUserAsync(session.Token))["passkey_count"], Is.EqualTo(1));
        var device = await Api.PublicTokenAsync();
        var options = await Api.RequestOptionsAsync(device.Token);
        using var refused = await Api.SendSignInAsync(device.Token, phone.Assert(options));
        await Expect.ProblemAsync(refused, HttpStatusCode.Unauthorized, "passkey_invalid");
    }

    [Test]
    public async Task RenameOrDelete_AnotherUsersPasskey_IsNotFound()
    {
        var owner = await Api.NewSessionAsync("passkey.owner");
        var other = await Api.NewSessionAsync("passkey.other");
        using var authenticator = new SoftwareAuthenticator(Passkeys.Origin);
        var passkey = await Api.RegisterPasskeyAsync(owner.Token, authenticator);

        using (var rename = await Api.SendAsync(HttpMethod.Put, $"/users/me/passkeys/{passkey["id"]}", other.Token, new { name = "Mine now" }))
        {
            await Expect.ProblemAsync(rename, HttpStatusCode.NotFound, "passkey_not_found");
        }

        await Api.ExpectProblemAsync(HttpMethod.Delete, $"/users/me/passkeys/{passkey["id"]}", other.Token, HttpStatusCode.NotFound, "passkey_not_found");
        await Api.ExpectProblemAsync(HttpMethod.Delete, "/users/me/passkeys/not-an-id", owner.Token, HttpStatusCode.NotFound, "passkey_not_found");
        Assert.That((int?)(await Api.GetUserAsync(owner.Token))["passkey_count"], Is.EqualTo(1));
    }

    [Test]
    public async Task SignIn_WithAReplayedAssertion_IsRefused()
    {
        using var authenticator = await RegisteredAsync("passkey.replay");
        var device = await Api.PublicTokenAsync();
        var assertion = authenticator.Assert(await Api.RequestOptionsAsync(device.Token));
        using (var first = await Api.SendSignInAsync(device.Token, assertion))
        {
            Assert.That(first.StatusCode, Is.EqualTo(HttpStatusCode.Created));
        }

        using var replayed = await Api.SendSignInAsync(device.Token, assertion);

        await Expect.ProblemAsync(replayed, HttpStatusCode.BadRequest, "passkey_challenge_invalid");
    }

    [Test]
    public async Task Register_WithAChallengeUsedTwice_IsRefusedTheSecondTime()
    {
        var session = await Api.NewSessionAsync("passkey.twice");
        var options = await Api.CreationOptionsAsync(session.Token);
        using var first = new SoftwareAuthenticator(Passkeys.Origin);
        using var second = new SoftwareAuthenticator(Passkeys.Origin);
        using (var accepted = await Api.SendRegistrationAsync(session.Token, first.Register(options)))
        {
            Assert.That(accepted.StatusCode, Is.EqualTo(HttpStatusCode.Created));
        }

        using var again = await Api.SendRegistrationAsync(session.Token, second.Register(options));

        await Expect.ProblemAsync(again, HttpStatusCode.BadRequest, "passkey_challenge_invalid");
        Assert.That((int?)(await Api.GetUserAsync(session.Token))["passkey_count"], Is.EqualTo(1));
    }

    [Test]
    public async Task SignIn_AfterTheChallengeExpired_IsRefused()
    {
        using var authenticator = await RegisteredAsync("passkey.expired");
        var device = await Api.PublicTokenAsync();
        var options = await Api.RequestOptionsAsync(device.Token);

        Clock.Advance(TimeSpan.FromMinutes(5));
        var device2 = await Api.PublicTokenAsync(device.DeviceId); // the first public token has expired with the clock too
        using var late = await Api.SendSignInAsync(device2.Token, authenticator.Assert(options));

        await Expect.ProblemAsync(late, HttpStatusCode.BadRequest, "passkey_challenge_invalid");
    }

    [Test]
    public async Task SignIn_JustBeforeTheChallengeExpires_IsAccepted()
    {
        using var authenticator = await RegisteredAsync("passkey.intime");
        var device = await Api.PublicTokenAsync();
        var options = await Api.RequestOptionsAsync(device.Token);

        Clock.Advance(TimeSpan.FromMinutes(5) - TimeSpan.FromSeconds(1));
        var fresh = await Api.PublicTokenAsync(device.DeviceId);
        using var inTime = await Api.SendSignInAsync(fresh.Token, authenticator.Assert(options));

        Assert.That(inTime.StatusCode, Is.EqualTo(HttpStatusCode.Created), await inTime.Content.ReadAsStringAsync());
    }

    [Test]
    public async Task SignIn_WithOptionsFetchedByAnotherDevice_IsRefused()
    {
        using var authenticator = await RegisteredAsync("passkey.otherdevice");
        var asking = await Api.PublicTokenAsync();
        var finishing = await Api.PublicTokenAsync();
        var options = await Api.RequestOptionsAsync(asking.Token);

        using var refused = await Api.SendSignInAsync(finishing.Token, authenticator.Assert(options));

        await Expect.ProblemAsync(refused, HttpStatusCode.BadRequest, "passkey_challenge_invalid");
    }

    [Test]
    public async Task SignIn_AnsweringARegistrationChallenge_IsRefused()
    {
        var session = await Api.NewSessionAsync("passkey.purpose");
        using var authenticator = new SoftwareAuthenticator(Passkeys.Origin);
        await Api.RegisterPasskeyAsync(session.Token, authenticator);
        var registration = await Api.CreationOptionsAsync(session.Token);

        using var refused = await Api.SendSignInAsync(session.Token, authenticator.Assert(registration));

        await Expect.ProblemAsync(refused, HttpStatusCode.BadRequest, "passkey_challenge_invalid");
    }

    [Test]
    public async Task SignIn_FromAnOriginNotConfigured_IsRefused()
    {
        using var authenticator = await RegisteredAsync("passkey.origin");
        authenticator.Origin = "https://evil.localhost";
        var device = await Api.PublicTokenAsync();

        using var refused = await Api.SendSignInAsync(device.Token, authenticator.Assert(await Api.RequestOptionsAsync(device.Token)));

        var problem = await Expect.ProblemAsync(refused, HttpStatusCode.Unauthorized, "passkey_invalid");
        Assert.That((string?)problem["detail"], Does.Contain("evil.localhost"));
    }

    [Test]
    public async Task Register_FromAnOriginNotConfigured_IsRefused()
    {
        var session = await Api.NewSessionAsync("passkey.regorigin");
        using var authenticator = new SoftwareAuthenticator("https://evil.localhost");

        using var refused = await Api.SendRegistrationAsync(session.Token, authenticator.Register(await Api.CreationOptionsAsync(session.Token)));

        await Expect.ProblemAsync(refused, HttpStatusCode.BadRequest, "passkey_registration_invalid");
        Assert.That((int?)(await Api.GetUserAsync(session.Token))["passkey_count"], Is.EqualTo(0));
    }

    [Test]
    public async Task SignIn_WithAPasskeyOfAnotherRelyingParty_IsRefused()
    {
        using var authenticator = await RegisteredAsync("passkey.rp");
        authenticator.RelyingPartyId = "example.com";
        var device = await Api.PublicTokenAsync();

        using var refused = await Api.SendSignInAsync(device.Token, authenticator.Assert(await Api.RequestOptionsAsync(device.Token)));

        await Expect.ProblemAsync(refused, HttpStatusCode.Unauthorized, "passkey_invalid");
    }

    [Test]
    public async Task SignIn_WithACounterThatGoesBackwards_IsRefusedAsASecurityEvent()
    {
        using var authenticator = await RegisteredAsync("passkey.counter", counter: 5);
        authenticator.Counter = 9;
        var accepted = await Api.SignInWithPasskeyAsync(authenticator);
        authenticator.Counter = 7;
        var device = await Api.PublicTokenAsync();

        using var refused = await Api.SendSignInAsync(device.Token, authenticator.Assert(await Api.RequestOptionsAsync(device.Token)));

        await Expect.ProblemAsync(refused, HttpStatusCode.Unauthorized, "passkey_counter_regressed");
        var events = _logs.Entries.Where(e => e.Category == SecurityEvent.Category && e.EventId.Id == 1053 && e.Property("UserId") == accepted.UserId).ToList();
        Assert.That(events.Select(e => e.Property("Reason")), Is.EqualTo(new[] { "counter_regressed" }));
    }

    [Test]
    public async Task SignIn_WithTheSameCounterAgain_IsRefused()
    {
        using var authenticator = await RegisteredAsync("passkey.samecounter", counter: 3);
        authenticator.Counter = 4;
        await Api.SignInWithPasskeyAsync(authenticator);
        var device = await Api.PublicTokenAsync();

        using var refused = await Api.SendSignInAsync(device.Token, authenticator.Assert(await Api.RequestOptionsAsync(device.Token)));

        await Expect.ProblemAsync(refused, HttpStatusCode.Unauthorized, "passkey_counter_regressed");
    }

    [Test]
    public async Task SignIn_WithACounterOfZeroTwice_AsSyncedPasskeysSend_IsAccepted()
    {
        using var authenticator = await RegisteredAsync("passkey.synced", synced: true);

        var first = await Api.SignInWithPasskeyAsync(authenticator);
        var second = await Api.SignInWithPasskeyAsync(authenticator);

        Assert.That(second.UserId, Is.EqualTo(first.UserId));
    }

    [Test]
    public async Task Register_ACredentialAnotherUserHas_IsAConflict()
    {
        using var authenticator = await RegisteredAsync("passkey.taken");
        var other = await Api.NewSessionAsync("passkey.taker");

        using var refused = await Api.SendRegistrationAsync(other.Token, authenticator.Register(await Api.CreationOptionsAsync(other.Token)));

        await Expect.ProblemAsync(refused, HttpStatusCode.Conflict, "passkey_in_use");
    }

    [Test]
    public async Task SignIn_AfterTheAccountWasDeleted_IsRefused()
    {
        var session = await Api.NewSessionAsync("passkey.deleted");
        using var authenticator = new SoftwareAuthenticator(Passkeys.Origin);
        await Api.RegisterPasskeyAsync(session.Token, authenticator);
        using (var deleted = await Api.SendAsync(HttpMethod.Delete, "/users/me", session.Token, new { current_password = LudminApi.Password }))
        {
            Assert.That(deleted.StatusCode, Is.EqualTo(HttpStatusCode.NoContent));
        }

        var device = await Api.PublicTokenAsync();
        using var refused = await Api.SendSignInAsync(device.Token, authenticator.Assert(await Api.RequestOptionsAsync(device.Token)));

        await Expect.ProblemAsync(refused, HttpStatusCode.Unauthorized, "passkey_invalid");
    }

    [Test]
    public async Task Register_WithAPublicToken_IsForbidden()
    {
        var device = await Api.PublicTokenAsync();
        await Api.ExpectProblemAsync(HttpMethod.Post, "/users/me/passkeys/options", device.Token, HttpStatusCode.Forbidden, "forbidden");
        await Api.ExpectProblemAsync(HttpMethod.Get, "/users/me/passkeys", device.Token, HttpStatusCode.Forbidden, "forbidden");
    }

    [Test]
    public async Task Register_WithoutAName_IsAValidationFailure()
    {
        var session = await Api.NewSessionAsync("passkey.noname");
        using var authenticator = new SoftwareAuthenticator(Passkeys.Origin);

        using var refused = await Api.SendRegistrationAsync(session.Token, authenticator.Register(await Api.CreationOptionsAsync(session.Token)), name: " ");

        var problem = await Expect.ProblemAsync(refused, HttpStatusCode.BadRequest, "validation_failed");
        Assert.That(problem["errors"]!["name"], Is.Not.Null);
    }

    [Test]
    public async Task Register_WithAnUnknownTopLevelMember_IsRefused_ButUnknownCredentialMembersAreWebAuthns()
    {
        var session = await Api.NewSessionAsync("passkey.members");
        using var authenticator = new SoftwareAuthenticator(Passkeys.Origin);
        var credential = authenticator.Register(await Api.CreationOptionsAsync(session.Token));
        credential["someFutureMember"] = new JsonObject { ["nested"] = true };

        using (var unknown = await Api.SendAsync(HttpMethod.Post, "/users/me/passkeys", session.Token, new JsonObject { ["name"] = "Phone", ["credential"] = credential.DeepClone(), ["extra"] = 1 }))
        {
            var problem = await Expect.ProblemAsync(unknown, HttpStatusCode.BadRequest, "validation_failed");
            Assert.That(problem["errors"]!["extra"], Is.Not.Null);
        }

        var retry = authenticator.Register(await Api.CreationOptionsAsync(session.Token));
        retry["someFutureMember"] = new JsonObject { ["nested"] = true };
        using var accepted = await Api.SendRegistrationAsync(session.Token, retry);
        Assert.That(accepted.StatusCode, Is.EqualTo(HttpStatusCode.Created), await accepted.Content.ReadAsStringAsync());
    }

    private async Task<SoftwareAuthenticator> RegisteredAsync(string prefix, uint counter = 0, bool synced = false)
    {
        var session = await Api.NewSessionAsync(prefix);
        var authenticator = new SoftwareAuthenticator(Passkeys.Origin, synced: synced) { Counter = counter };
        await Api.RegisterPasskeyAsync(session.Token, authenticator);
        return authenticator;
    }

    private static string Base64UrlOf(byte[] bytes) => System.Buffers.Text.Base64Url.EncodeToString(bytes);
}
