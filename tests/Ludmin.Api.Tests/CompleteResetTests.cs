using System.Net;
using System.Text.Json.Nodes;
using Ludmin.Api.Tests.Support;

namespace Ludmin.Api.Tests;

/// <summary>
/// PUT /users/reset: a new password with the delivered code. The code is single use; an address
/// that made five wrong tries is refused (<see cref="HostileLockoutTests"/> has the rest); every
/// wrong, used or unknown code gets the same 400.
/// </summary>
public sealed class CompleteResetTests : ApiTestBase
{
    /// <summary>Each request from an address of its own unless a test names one: wrong codes are counted per address.</summary>
    protected override LudminFactoryOptions FactoryOptions => new() { ClientAddresses = true };

    private const string NewPassword = "reset password 456";

    [Test]
    public async Task CompleteReset_WhenCodeIsRight_Returns204AndTheNewPasswordLogsIn()
    {
        var user = await Api.RegisterAsync();
        var code = await Api.RequestResetCodeAsync(user.Email);

        using var response = await Api.CompleteResetAsync(user.Email, code, NewPassword);

        await Expect.EmptyAsync(response, HttpStatusCode.NoContent);
        Assert.That((await Api.LoginAsync(user.Email, NewPassword)).UserId, Is.EqualTo(user.Id));
        using var old = await LoginAsync(user.Email, user.Password);
        await Expect.ProblemAsync(old, HttpStatusCode.Unauthorized, "invalid_credentials");
    }

    [Test]
    public async Task CompleteReset_WhenCodeIsRight_LogsOutEveryDevice()
    {
        var phone = await Api.NewSessionAsync(description: "Phone");
        var laptop = await Api.LoginAsync(phone.User.Email, phone.User.Password, "Laptop");
        var code = await Api.RequestResetCodeAsync(phone.User.Email);

        using (var response = await Api.CompleteResetAsync(phone.User.Email, code, NewPassword))
        {
            await Expect.EmptyAsync(response, HttpStatusCode.NoContent);
        }

        foreach (var token in new[] { phone.Token, laptop.Token })
        {
            using var refused = await Api.SendAsync(HttpMethod.Get, "/users/me", token);
            await Expect.ProblemAsync(refused, HttpStatusCode.Unauthorized, "session_ended");
        }

        using var refresh = await Api.SendAsync(HttpMethod.Get, $"/tokens/{phone.DeviceId}", phone.Token);
        Assert.That((string?)(await Expect.JsonAsync(refresh, HttpStatusCode.OK))["type"], Is.EqualTo("public"));
    }

    [Test]
    public async Task CompleteReset_WhenCodeIsRight_ConsumesTheCode()
    {
        var user = await Api.RegisterAsync();
        var code = await Api.RequestResetCodeAsync(user.Email);

        using (var response = await Api.CompleteResetAsync(user.Email, code, NewPassword))
        {
            await Expect.EmptyAsync(response, HttpStatusCode.NoContent);
        }

        Assert.That(await StoreSnapshot.ScalarAsync(Factory.DatabasePath, "SELECT COUNT(*) FROM password_resets WHERE user_id = $id", ("$id", user.Id)), Is.EqualTo("0"));
        using var again = await Api.CompleteResetAsync(user.Email, code, "yet another password");
        await Expect.ProblemAsync(again, HttpStatusCode.BadRequest, "reset_code_invalid");
        Assert.That((await Api.LoginAsync(user.Email, NewPassword)).UserId, Is.EqualTo(user.Id));
    }

    [Test]
    public async Task CompleteReset_WhenCodeIsWrong_Returns400ResetCodeInvalidAndKeepsThePassword()
    {
        var user = await Api.RegisterAsync();
        var code = await Api.RequestResetCodeAsync(user.Email);

        using var response = await Api.CompleteResetAsync(user.Email, OtherCode(code), NewPassword);

        await Expect.ProblemAsync(response, HttpStatusCode.BadRequest, "reset_code_invalid");
        Assert.That((await Api.LoginAsync(user.Email, user.Password)).UserId, Is.EqualTo(user.Id));
    }

    [Test]
    public async Task CompleteReset_WhenCodeIsWrongUsedOrForAnUnknownEmail_AnswersTheSame()
    {
        var used = await Api.RegisterAsync();
        var usedCode = await Api.RequestResetCodeAsync(used.Email);
        using (var first = await Api.CompleteResetAsync(used.Email, usedCode, NewPassword))
        {
            await Expect.EmptyAsync(first, HttpStatusCode.NoContent);
        }

        var wrong = await Api.RegisterAsync();
        var wrongCode = OtherCode(await Api.RequestResetCodeAsync(wrong.Email));
        var never = await Api.RegisterAsync();
        var moved = await Api.NewSessionAsync();
        var movedCode = await Api.RequestResetCodeAsync(moved.User.Email);
        await Api.UpdateAsync(moved.Token, new { email = Unique.Email("moved"), current_password = moved.User.Password });

        var answers = new List<string>();
        foreach (var (email, code) in new[]
        {
            (used.Email, usedCode),
            (wrong.Email, wrongCode),
            (never.Email, "123456"),
            (Unique.Email("nobody"), "123456"),
            (moved.User.Email, movedCode),
        })
        {
            using var response = await Api.CompleteResetAsync(email, code, "whatever password 1");
            answers.Add(WithoutTraceId(await Expect.ProblemAsync(response, HttpStatusCode.BadRequest, "reset_code_invalid")));
        }

        Assert.That(answers.Distinct().ToArray(), Has.Length.EqualTo(1), string.Join("\n", answers));
    }

    [Test]
    public async Task CompleteReset_WhenOneAddressMadeTooManyWrongTries_RefusesItTheRightCode()
    {
        var user = await Api.RegisterAsync();
        var code = await Api.RequestResetCodeAsync(user.Email);
        var guesser = Api.From(Unique.ClientAddress());
        for (var attempt = 0; attempt < 5; attempt++)
        {
            using var wrong = await guesser.CompleteResetAsync(user.Email, OtherCode(code, attempt + 1), NewPassword);
            await Expect.ProblemAsync(wrong, HttpStatusCode.BadRequest, "reset_code_invalid");
        }

        using var response = await guesser.CompleteResetAsync(user.Email, code, NewPassword);

        await Expect.ProblemAsync(response, HttpStatusCode.BadRequest, "reset_code_invalid");
        Assert.That((await Api.LoginAsync(user.Email, user.Password)).UserId, Is.EqualTo(user.Id), "the password is unchanged");
    }

    [Test]
    public async Task CompleteReset_WhenFewerThanTheMaximumWrongTriesWereMade_StillTakesTheRightCode()
    {
        var user = await Api.RegisterAsync();
        var code = await Api.RequestResetCodeAsync(user.Email);
        for (var attempt = 0; attempt < 4; attempt++)
        {
            using var wrong = await Api.CompleteResetAsync(user.Email, OtherCode(code, attempt + 1), NewPassword);
            await Expect.ProblemAsync(wrong, HttpStatusCode.BadRequest, "reset_code_invalid");
        }

        using var response = await Api.CompleteResetAsync(user.Email, code, NewPassword);

        await Expect.EmptyAsync(response, HttpStatusCode.NoContent);
    }

    [Test]
    public async Task CompleteReset_WhenTheAddressChangedAfterTheCodeWasAskedFor_RefusesTheCodeForTheNewAddress()
    {
        var session = await Api.NewSessionAsync();
        var code = await Api.RequestResetCodeAsync(session.User.Email);
        var moved = Unique.Email("moved");
        await Api.UpdateAsync(session.Token, new { email = moved, current_password = session.User.Password });

        using var response = await Api.CompleteResetAsync(moved, code, NewPassword);

        await Expect.ProblemAsync(response, HttpStatusCode.BadRequest, "reset_code_invalid");
        Assert.That((await Api.LoginAsync(moved, session.User.Password)).UserId, Is.EqualTo(session.User.Id), "the password is unchanged");
    }

    [Test]
    public async Task CompleteReset_WhenThePasswordChangedAfterTheCodeWasAskedFor_RefusesTheCode()
    {
        var session = await Api.NewSessionAsync();
        var code = await Api.RequestResetCodeAsync(session.User.Email);
        const string Chosen = "chosen password 789";
        await Api.UpdateAsync(session.Token, new { password = Chosen, password_confirmation = Chosen, current_password = session.User.Password });

        using var response = await Api.CompleteResetAsync(session.User.Email, code, NewPassword);

        await Expect.ProblemAsync(response, HttpStatusCode.BadRequest, "reset_code_invalid");
        Assert.That((await Api.LoginAsync(session.User.Email, Chosen)).UserId, Is.EqualTo(session.User.Id), "the chosen password stands");
    }

    [Test]
    public async Task CompleteReset_WhenEmailDiffersInCase_ResetsTheUser()
    {
        var user = await Api.RegisterAsync(Unique.Email("Case.Reset"));
        var code = await Api.RequestResetCodeAsync(user.Email);

        using var response = await Api.CompleteResetAsync($" {user.Email.ToUpperInvariant()} ", code, NewPassword);

        await Expect.EmptyAsync(response, HttpStatusCode.NoContent);
    }

    [Test]
    public async Task CompleteReset_WhenConfirmationDiffers_Returns400ValidationFailedAndLeavesTheCodeUsable()
    {
        var user = await Api.RegisterAsync();
        var code = await Api.RequestResetCodeAsync(user.Email);
        var before = await Api.StoreSnapshotAsync();
        var token = await Api.PublicTokenAsync();

        using (var response = await Api.SendAsync(HttpMethod.Put, "/users/reset", token.Token, new { email = user.Email, code, password = NewPassword, password_confirmation = "different" }))
        {
            var problem = await Expect.ProblemAsync(response, HttpStatusCode.BadRequest, "validation_failed");
            Assert.That(problem["errors"]?.AsObject().Select(e => e.Key), Does.Contain("password_confirmation"));
        }

        Assert.That(await Api.StoreSnapshotAsync(), Is.EqualTo(before));
        using var retry = await Api.CompleteResetAsync(user.Email, code, NewPassword);
        await Expect.EmptyAsync(retry, HttpStatusCode.NoContent);
    }

    [Test]
    public async Task CompleteReset_WhenNewPasswordBreaksThePolicy_Returns400ValidationFailed()
    {
        var user = await Api.RegisterAsync();
        var code = await Api.RequestResetCodeAsync(user.Email);

        using var response = await Api.CompleteResetAsync(user.Email, code, "short");

        await Expect.ProblemAsync(response, HttpStatusCode.BadRequest, "validation_failed");
    }

    [Test]
    public async Task CompleteReset_WhenNoTokenIsSent_Returns401TokenMissingAndKeepsTheCode()
    {
        var user = await Api.RegisterAsync();
        var code = await Api.RequestResetCodeAsync(user.Email);

        using var response = await Api.SendAsync(HttpMethod.Put, "/users/reset", json: new { email = user.Email, code, password = NewPassword, password_confirmation = NewPassword });

        await Expect.ProblemAsync(response, HttpStatusCode.Unauthorized, "token_missing");
        using var withToken = await Api.CompleteResetAsync(user.Email, code, NewPassword);
        await Expect.EmptyAsync(withToken, HttpStatusCode.NoContent);
    }

    /// <summary>A six-digit code that is not <paramref name="code"/>.</summary>
    private static string OtherCode(string code, int shift = 1) =>
        string.Concat(code.Select((c, i) => i == 0 ? (char)('0' + ((c - '0' + shift) % 10)) : c));

    private static string WithoutTraceId(JsonNode problem)
    {
        var copy = problem.DeepClone().AsObject();
        copy.Remove("trace_id");
        return copy.ToJsonString();
    }

    private async Task<HttpResponseMessage> LoginAsync(string email, string password)
    {
        var device = await Api.PublicTokenAsync();
        return await Api.SendAsync(HttpMethod.Post, "/tokens", device.Token, new { email, password, description = "Test device" });
    }
}
