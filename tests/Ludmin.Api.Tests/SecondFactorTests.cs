using System.Net;
using Ludmin.Api.Tests.Support;

namespace Ludmin.Api.Tests;

/// <summary>
/// A second factor over HTTP alone (issue 19): enrol TOTP with an authenticator app's code, log in
/// with password and code, be refused the same code a second time, log in with a recovery code
/// once and not twice, change the password only with a level-2 token, remove the factor.
/// </summary>
public sealed class SecondFactorTests : ClockedApiTestBase
{
    private static readonly TimeSpan Step = TimeSpan.FromSeconds(30);

    [Test]
    public async Task Enrol_WithTheAppsCode_AnswersTenRecoveryCodesAndALevelTwoTokenAndEndsOtherSessions()
    {
        var session = await Api.NewSessionAsync("enrol");
        var otherDevice = await Api.LoginAsync(session.User.Email, session.User.Password, "Other");

        var enrolled = await Api.EnrolTotpAsync(session, Clock.GetUtcNow());

        Assert.That(enrolled.RecoveryCodes, Has.Count.EqualTo(10));
        Assert.That(enrolled.RecoveryCodes.Distinct().Count(), Is.EqualTo(10));
        Assert.That(SecondFactorSteps.Claim(enrolled.Token, "aal"), Is.EqualTo("2"));
        Assert.That(SecondFactorSteps.Claim(enrolled.Token, "amr"), Is.EqualTo("""["pwd","otp","mfa"]"""));
        using (var ended = await Api.SendAsync(HttpMethod.Get, "/users/me", otherDevice.Token))
        {
            await Expect.ProblemAsync(ended, HttpStatusCode.Unauthorized, "session_ended");
        }

        using (var oldToken = await Api.SendAsync(HttpMethod.Get, "/users/me", session.Token))
        {
            await Expect.ProblemAsync(oldToken, HttpStatusCode.Unauthorized, "session_ended");
        }

        var profile = await Api.GetUserAsync(enrolled.Token);
        Assert.That(profile["second_factors"]!.ToJsonString(), Is.EqualTo("""["totp"]"""));
        Assert.That((int)profile["recovery_codes_left"]!, Is.EqualTo(10));
        Assert.That(profile.ToJsonString(), Does.Not.Contain(enrolled.Secret));
    }

    [Test]
    public async Task ConfirmEnrolment_WithAWrongCode_IsRefusedAndNothingIsActive()
    {
        var session = await Api.NewSessionAsync("enrol.wrong");
        using (var begin = await Api.SendAsync(HttpMethod.Post, "/users/me/totp", session.Token, new { current_password = session.User.Password }))
        {
            await Expect.JsonAsync(begin, HttpStatusCode.Created);
        }

        using var wrong = await Api.SendAsync(HttpMethod.Put, "/users/me/totp", session.Token, new { code = "000000x" });
        await Expect.ProblemAsync(wrong, HttpStatusCode.BadRequest, "totp_code_invalid");
        var profile = await Api.GetUserAsync(session.Token);
        Assert.That(profile["second_factors"]!.AsArray(), Is.Empty);
    }

    [Test]
    public async Task ConfirmEnrolment_AfterTenMinutes_IsRefused()
    {
        var session = await Api.NewSessionAsync("enrol.late");
        string secret;
        using (var begin = await Api.SendAsync(HttpMethod.Post, "/users/me/totp", session.Token, new { current_password = session.User.Password }))
        {
            secret = (string)(await Expect.JsonAsync(begin, HttpStatusCode.Created))["secret"]!;
        }

        Clock.Advance(TimeSpan.FromMinutes(10));
        var fresh = await Api.LoginAsync(session.User.Email, session.User.Password);
        using var late = await Api.SendAsync(HttpMethod.Put, "/users/me/totp", fresh.Token, new { code = SecondFactorSteps.Code(secret, Clock.GetUtcNow()) });
        await Expect.ProblemAsync(late, HttpStatusCode.BadRequest, "totp_code_invalid");
    }

    [Test]
    public async Task Login_WithPasswordThenCode_LinksTheDeviceOnlyThenAtLevelTwo()
    {
        var session = await Api.NewSessionAsync("login.code");
        var enrolled = await Api.EnrolTotpAsync(session, Clock.GetUtcNow());
        Clock.Advance(Step);

        var first = await Api.StartLoginAsync(session.User);
        Assert.That((string?)first["type"], Is.EqualTo("second_factor"));
        Assert.That(first["factors"]!.ToJsonString(), Is.EqualTo("""["totp","recovery_code"]"""));
        Assert.That(first["user_id"], Is.Null);
        Assert.That(SecondFactorSteps.Claim((string)first["token"]!, "allowed"), Is.EqualTo("""["second_factor"]"""));
        var devicesBefore = (await Api.GetUserAsync(enrolled.Token))["devices"]!.AsArray().Count;

        using var passed = await Api.PassSecondFactorAsync((string)first["token"]!, new { code = SecondFactorSteps.Code(enrolled.Secret, Clock.GetUtcNow()) });
        var login = await Expect.JsonAsync(passed, HttpStatusCode.Created);

        Assert.That((string?)login["type"], Is.EqualTo("login"));
        Assert.That((string?)login["user_id"], Is.EqualTo(session.User.Id));
        Assert.That((string?)login["device_id"], Is.EqualTo((string?)first["device_id"]));
        Assert.That(SecondFactorSteps.Claim((string)login["token"]!, "aal"), Is.EqualTo("2"));
        Assert.That((await Api.GetUserAsync((string)login["token"]!))["devices"]!.AsArray(), Has.Count.EqualTo(devicesBefore + 1));
    }

    [Test]
    public async Task SecondStep_TheSameCodeASecondTime_IsRefused()
    {
        var session = await Api.NewSessionAsync("login.replay");
        var enrolled = await Api.EnrolTotpAsync(session, Clock.GetUtcNow());
        Clock.Advance(Step);
        var code = SecondFactorSteps.Code(enrolled.Secret, Clock.GetUtcNow());

        var first = await Api.StartLoginAsync(session.User);
        using (var passed = await Api.PassSecondFactorAsync((string)first["token"]!, new { code }))
        {
            await Expect.JsonAsync(passed, HttpStatusCode.Created);
        }

        var second = await Api.StartLoginAsync(session.User);
        using var replayed = await Api.PassSecondFactorAsync((string)second["token"]!, new { code });
        await Expect.ProblemAsync(replayed, HttpStatusCode.Unauthorized, "second_factor_invalid");
    }

    [Test]
    public async Task SecondStep_TheEnrolmentsOwnCode_DoesNotLogIn()
    {
        var session = await Api.NewSessionAsync("login.enrolcode");
        var enrolled = await Api.EnrolTotpAsync(session, Clock.GetUtcNow());

        var first = await Api.StartLoginAsync(session.User);
        using var replayed = await Api.PassSecondFactorAsync((string)first["token"]!, new { code = SecondFactorSteps.Code(enrolled.Secret, Clock.GetUtcNow()) });
        await Expect.ProblemAsync(replayed, HttpStatusCode.Unauthorized, "second_factor_invalid");
    }

    [Test]
    public async Task SecondStep_ARecoveryCode_WorksOnceAndNotTwice()
    {
        var session = await Api.NewSessionAsync("login.recovery");
        var enrolled = await Api.EnrolTotpAsync(session, Clock.GetUtcNow());
        var recoveryCode = enrolled.RecoveryCodes[3];

        var first = await Api.StartLoginAsync(session.User);
        using (var passed = await Api.PassSecondFactorAsync((string)first["token"]!, new { recovery_code = recoveryCode }))
        {
            var login = await Expect.JsonAsync(passed, HttpStatusCode.Created);
            Assert.That(SecondFactorSteps.Claim((string)login["token"]!, "amr"), Is.EqualTo("""["pwd","rc","mfa"]"""));
            Assert.That((int)(await Api.GetUserAsync((string)login["token"]!))["recovery_codes_left"]!, Is.EqualTo(9));
        }

        var second = await Api.StartLoginAsync(session.User);
        using var again = await Api.PassSecondFactorAsync((string)second["token"]!, new { recovery_code = recoveryCode });
        await Expect.ProblemAsync(again, HttpStatusCode.Unauthorized, "second_factor_invalid");
    }

    [Test]
    public async Task SecondStep_TheFifthWrongCode_SpendsTheToken()
    {
        var session = await Api.NewSessionAsync("login.spent");
        var enrolled = await Api.EnrolTotpAsync(session, Clock.GetUtcNow());
        Clock.Advance(Step);
        var step = await Api.StartLoginAsync(session.User);
        var token = (string)step["token"]!;

        for (var i = 0; i < 5; i++)
        {
            using var wrong = await Api.PassSecondFactorAsync(token, new { code = "12345" + i });
            await Expect.ProblemAsync(wrong, HttpStatusCode.Unauthorized, "second_factor_invalid");
        }

        using var spent = await Api.PassSecondFactorAsync(token, new { code = SecondFactorSteps.Code(enrolled.Secret, Clock.GetUtcNow()) });
        await Expect.ProblemAsync(spent, HttpStatusCode.Unauthorized, "token_invalid");
    }

    [Test]
    public async Task SecondFactorToken_AnywhereElse_IsForbidden()
    {
        var session = await Api.NewSessionAsync("login.elsewhere");
        await Api.EnrolTotpAsync(session, Clock.GetUtcNow());
        var step = await Api.StartLoginAsync(session.User);
        var token = (string)step["token"]!;
        var device = (string)step["device_id"]!;

        foreach (var (method, path) in new[]
        {
            (HttpMethod.Get, "/users/me"), (HttpMethod.Get, $"/users/{session.User.Id}"), (HttpMethod.Put, "/users/me"), (HttpMethod.Delete, "/users/me"),
            (HttpMethod.Get, "/users"), (HttpMethod.Post, "/users"), (HttpMethod.Post, "/tokens"), (HttpMethod.Get, $"/tokens/{device}"),
            (HttpMethod.Delete, $"/tokens/{device}"), (HttpMethod.Post, "/users/me/totp"), (HttpMethod.Put, "/users/me/totp"),
            (HttpMethod.Delete, "/users/me/totp"), (HttpMethod.Post, "/users/me/recovery-codes"),
        })
        {
            using var response = await Api.SendAsync(method, path, token, new { });
            await Expect.ProblemAsync(response, HttpStatusCode.Forbidden, "forbidden");
        }
    }

    [Test]
    public async Task ChangePassword_WithAnActiveFactor_NeedsALevelTwoToken()
    {
        var session = await Api.NewSessionAsync("level.password");
        var enrolled = await Api.EnrolTotpAsync(session, Clock.GetUtcNow());
        var newPassword = "a brand new passphrase";
        var change = new { password = newPassword, password_confirmation = newPassword, current_password = session.User.Password };
        var levelOne = LevelOneToken(enrolled.Token, session.User);

        using (var refused = await Api.SendAsync(HttpMethod.Put, "/users/me", levelOne, change))
        {
            await Expect.ProblemAsync(refused, HttpStatusCode.Forbidden, "second_factor_required");
        }

        using (var refusedAddress = await Api.SendAsync(HttpMethod.Put, "/users/me", levelOne, new { email = Unique.Email("level.new"), current_password = session.User.Password }))
        {
            await Expect.ProblemAsync(refusedAddress, HttpStatusCode.Forbidden, "second_factor_required");
        }

        using (var refusedClose = await Api.SendAsync(HttpMethod.Delete, "/users/me", levelOne, new { current_password = session.User.Password }))
        {
            await Expect.ProblemAsync(refusedClose, HttpStatusCode.Forbidden, "second_factor_required");
        }

        using var accepted = await Api.SendAsync(HttpMethod.Put, "/users/me", enrolled.Token, change);
        await Expect.JsonAsync(accepted, HttpStatusCode.OK);
    }

    [Test]
    public async Task RemoveFactor_WithALevelTwoToken_LetsThePasswordAloneLogInAgain()
    {
        var session = await Api.NewSessionAsync("remove.self");
        var enrolled = await Api.EnrolTotpAsync(session, Clock.GetUtcNow());
        var levelOne = LevelOneToken(enrolled.Token, session.User);
        using (var refused = await Api.SendAsync(HttpMethod.Delete, "/users/me/totp", levelOne, new { current_password = session.User.Password }))
        {
            await Expect.ProblemAsync(refused, HttpStatusCode.Forbidden, "second_factor_required");
        }

        using (var removed = await Api.SendAsync(HttpMethod.Delete, "/users/me/totp", enrolled.Token, new { current_password = session.User.Password }))
        {
            await Expect.EmptyAsync(removed, HttpStatusCode.NoContent);
        }

        var login = await Api.LoginAsync(session.User.Email, session.User.Password);
        Assert.That(login.Type, Is.EqualTo("login"));
        Assert.That(SecondFactorSteps.Claim(login.Token, "aal"), Is.EqualTo("1"));
        var profile = await Api.GetUserAsync(login.Token);
        Assert.That(profile["second_factors"]!.AsArray(), Is.Empty);
        Assert.That((int)profile["recovery_codes_left"]!, Is.EqualTo(0));
    }

    [Test]
    public async Task RecoveryCodes_Replaced_VoidTheOldOnesAndNeedLevelTwo()
    {
        var session = await Api.NewSessionAsync("codes.replace");
        var enrolled = await Api.EnrolTotpAsync(session, Clock.GetUtcNow());
        var levelOne = LevelOneToken(enrolled.Token, session.User);
        using (var refused = await Api.SendAsync(HttpMethod.Post, "/users/me/recovery-codes", levelOne))
        {
            await Expect.ProblemAsync(refused, HttpStatusCode.Forbidden, "second_factor_required");
        }

        using (var replaced = await Api.SendAsync(HttpMethod.Post, "/users/me/recovery-codes", enrolled.Token))
        {
            var body = await Expect.JsonAsync(replaced, HttpStatusCode.OK);
            Assert.That(body["recovery_codes"]!.AsArray(), Has.Count.EqualTo(10));
        }

        var step = await Api.StartLoginAsync(session.User);
        using var old = await Api.PassSecondFactorAsync((string)step["token"]!, new { recovery_code = enrolled.RecoveryCodes[0] });
        await Expect.ProblemAsync(old, HttpStatusCode.Unauthorized, "second_factor_invalid");
    }

    [Test]
    public async Task Refresh_OfALevelTwoSession_KeepsTheLevel()
    {
        var session = await Api.NewSessionAsync("refresh.level");
        var enrolled = await Api.EnrolTotpAsync(session, Clock.GetUtcNow());

        using var refreshed = await Api.SendAsync(HttpMethod.Get, $"/tokens/{session.DeviceId}", enrolled.Token);
        var body = await Expect.JsonAsync(refreshed, HttpStatusCode.OK);
        Assert.That(SecondFactorSteps.Claim((string)body["token"]!, "aal"), Is.EqualTo("2"));
        Assert.That(SecondFactorSteps.Claim((string)body["token"]!, "amr"), Is.EqualTo("""["pwd","otp","mfa"]"""));
    }

    /// <summary>
    /// A level-1 token of the same live session as <paramref name="levelTwoToken"/>: as a token
    /// issued before second factors existed (no <c>aal</c>, no <c>amr</c>) reads. The API's own
    /// flows never give one once a factor is active (the enrolment ends every other session, and
    /// every login then passes the factor), so the test signs it with the servers' key.
    /// </summary>
    private static string LevelOneToken(string levelTwoToken, TestUser user)
    {
        var claims = new Microsoft.IdentityModel.JsonWebTokens.JsonWebToken(levelTwoToken);
        return TestTokens.ForUser(user.Id, claims.GetPayloadValue<string>("device_id"), user.Email, expires: new DateTimeOffset(claims.ValidTo, TimeSpan.Zero), sessionId: claims.GetPayloadValue<string>("sid"));
    }
}
