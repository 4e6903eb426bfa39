using System.Net;
using System.Text;
using Ludmin.Api.Tests.Support;

namespace Ludmin.Api.Tests;

/// <summary>
/// The second-factor endpoints under hostile input (issue 19 §4): codes of every wrong shape are a
/// 4xx problem with a stable code, never a 500; two identical codes racing pass once.
/// </summary>
public sealed class HostileSecondFactorTests : ClockedApiTestBase
{
    private static readonly string[] WrongBodies =
    [
        """{"code":null}""", """{"code":123456}""", """{"code":["123456"]}""", """{"code":{"digits":"123456"}}""", """{"code":""}""",
        """{"code":"١٢٣٤٥٦"}""", """{"code":"１２３４５６"}""", """{"code":"12345\u0000"}""", "{\"code\":\"" + new string('9', 5000) + "\"}",
        """{"recovery_code":12}""", """{"recovery_code":"' OR 1=1 --"}""", """{"code":"123456","recovery_code":"abcd-efgh-jkmn"}""", "{}", "[]", "null", "\"123456\"",
    ];

    [Test]
    public async Task SecondStep_CodesOfEveryWrongShape_AreRefusedWithAStableCode()
    {
        var session = await Api.NewSessionAsync("hostile.step");
        await Api.EnrolTotpAsync(session, Clock.GetUtcNow());

        foreach (var body in WrongBodies)
        {
            // Wrong codes count toward the account's login slow-down: wait each one out.
            Clock.Advance(TimeSpan.FromMinutes(16));
            var step = await Api.StartLoginAsync(session.User);
            using var response = await Api.SendContentAsync(HttpMethod.Post, "/tokens/second-factor", (string)step["token"]!, new StringContent(body, Encoding.UTF8, "application/json"));
            var problem = await Expect.AnyProblemAsync(response);
            Assert.That((int)response.StatusCode, Is.InRange(400, 499), body);
            Assert.That((string?)problem["code"], Is.AnyOf("validation_failed", "malformed_request", "second_factor_invalid", "payload_too_large"), body);
        }
    }

    [Test]
    public async Task ConfirmEnrolment_CodesOfEveryWrongShape_AreRefusedWithAStableCode()
    {
        var session = await Api.NewSessionAsync("hostile.enrol");
        using (var begin = await Api.SendAsync(HttpMethod.Post, "/users/me/totp", session.Token, new { current_password = session.User.Password }))
        {
            await Expect.JsonAsync(begin, HttpStatusCode.Created);
        }

        foreach (var body in WrongBodies)
        {
            using var response = await Api.SendContentAsync(HttpMethod.Put, "/users/me/totp", session.Token, new StringContent(body, Encoding.UTF8, "application/json"));
            var problem = await Expect.AnyProblemAsync(response);
            Assert.That((int)response.StatusCode, Is.InRange(400, 499), body);
            Assert.That((string?)problem["code"], Is.AnyOf("validation_failed", "malformed_request", "totp_code_invalid", "payload_too_large"), body);
        }
    }

    [Test]
    public async Task BeginEnrolment_WithoutAUsablePassword_IsRefused()
    {
        var session = await Api.NewSessionAsync("hostile.begin");
        foreach (var body in new[] { "{}", """{"current_password":null}""", """{"current_password":42}""", """{"current_password":""}""" })
        {
            using var response = await Api.SendContentAsync(HttpMethod.Post, "/users/me/totp", session.Token, new StringContent(body, Encoding.UTF8, "application/json"));
            Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.BadRequest), body);
        }

        using var publicToken = await Api.SendAsync(HttpMethod.Post, "/users/me/totp", (await Api.PublicTokenAsync()).Token, new { current_password = "whatever it is" });
        await Expect.ProblemAsync(publicToken, HttpStatusCode.Forbidden, "forbidden");
    }

    [Test]
    public async Task SecondStep_TwoIdenticalCodesAtOnce_PassOnce()
    {
        var session = await Api.NewSessionAsync("hostile.race");
        var enrolled = await Api.EnrolTotpAsync(session, Clock.GetUtcNow());
        Clock.Advance(TimeSpan.FromSeconds(30));
        var code = SecondFactorSteps.Code(enrolled.Secret, Clock.GetUtcNow());
        var steps = await Task.WhenAll(Api.StartLoginAsync(session.User), Api.StartLoginAsync(session.User));

        var answers = await Task.WhenAll(steps.Select(s => Api.PassSecondFactorAsync((string)s["token"]!, new { code })));
        var statuses = answers.Select(a => a.StatusCode).Order().ToList();
        foreach (var answer in answers)
        {
            answer.Dispose();
        }

        Assert.That(statuses, Is.EqualTo(new[] { HttpStatusCode.Created, HttpStatusCode.Unauthorized }));
    }

    [Test]
    public async Task SecondStep_WithAnotherUsersOrAForgedToken_IsRefused()
    {
        using var forged = await Api.SendAsync(HttpMethod.Post, "/tokens/second-factor", TestTokens.Create(new TokenSpec
        {
            DeviceId = Unique.Hex32(), Subject = Unique.Hex32(), Allowed = ["second_factor"], Audience = TestTokens.Audience + "/second-factor", Expires = Clock.GetUtcNow().AddMinutes(5),
        }), new { code = "123456" });
        await Expect.ProblemAsync(forged, HttpStatusCode.Unauthorized, "token_invalid");

        var session = await Api.NewSessionAsync("hostile.usertoken");
        using var userToken = await Api.SendAsync(HttpMethod.Post, "/tokens/second-factor", session.Token, new { code = "123456" });
        await Expect.ProblemAsync(userToken, HttpStatusCode.Forbidden, "forbidden");
    }
}
