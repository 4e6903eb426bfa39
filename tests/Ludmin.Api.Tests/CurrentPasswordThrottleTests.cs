using System.Net;
using Ludmin.Api.Tests.Support;

namespace Ludmin.Api.Tests;

/// <summary>
/// Every password check counts (issue 19 §4): a stolen token cannot guess the account's password
/// through <c>current_password</c>. Wrong ones are counted per account and logged; past five, the
/// checks answer 429 with Retry-After, while the owner still logs in.
/// </summary>
public sealed class CurrentPasswordThrottleTests : ClockedApiTestBase
{
    private readonly LogCapture _logs = new();

    protected override LudminFactoryOptions FactoryOptions => new() { Clock = Clock, Logs = _logs };

    [Test]
    public async Task WrongCurrentPasswords_PastFive_AnswerRateLimitedWithRetryAfterAndLeaveLoginsOpen()
    {
        var session = await Api.NewSessionAsync("guess.delete");
        for (var i = 0; i < 5; i++)
        {
            using var wrong = await Api.SendAsync(HttpMethod.Delete, "/users/me", session.Token, new { current_password = $"guess number {i}" });
            await Expect.ProblemAsync(wrong, HttpStatusCode.BadRequest, "current_password_invalid");
        }

        using (var limited = await Api.SendAsync(HttpMethod.Delete, "/users/me", session.Token, new { current_password = session.User.Password }))
        {
            await Expect.ProblemAsync(limited, HttpStatusCode.TooManyRequests, "rate_limited");
            Assert.That(limited.Headers.RetryAfter?.Delta, Is.GreaterThan(TimeSpan.Zero));
        }

        using (var limitedChange = await Api.SendAsync(HttpMethod.Put, "/users/me", session.Token, new { password = "another long one", password_confirmation = "another long one", current_password = session.User.Password }))
        {
            await Expect.ProblemAsync(limitedChange, HttpStatusCode.TooManyRequests, "rate_limited");
        }

        var login = await Api.LoginAsync(session.User.Email, session.User.Password);
        Assert.That(login.Type, Is.EqualTo("login"), "the owner's logins are not held by the count");
        Assert.That((string?)(await Api.GetUserAsync(session.Token))["id"], Is.EqualTo(session.User.Id), "the account is still there");
        Assert.That(
            _logs.Entries.Count(e => e.EventId.Name == "CurrentPasswordRefused" && e.Message.Contains(session.User.Id, StringComparison.Ordinal)),
            Is.EqualTo(7),
            "five wrong ones and two refused unseen, each logged");
    }

    [Test]
    public async Task WrongCurrentPasswords_AfterTheDelay_AreCheckedAgain()
    {
        var session = await Api.NewSessionAsync("guess.wait");
        for (var i = 0; i < 5; i++)
        {
            using var wrong = await Api.SendAsync(HttpMethod.Delete, "/users/me", session.Token, new { current_password = $"guess number {i}" });
            await Expect.ProblemAsync(wrong, HttpStatusCode.BadRequest, "current_password_invalid");
        }

        Clock.Advance(TimeSpan.FromMinutes(1));
        var fresh = await Api.LoginAsync(session.User.Email, session.User.Password);
        using var deleted = await Api.SendAsync(HttpMethod.Delete, "/users/me", fresh.Token, new { current_password = session.User.Password });
        await Expect.EmptyAsync(deleted, HttpStatusCode.NoContent);
    }
}
