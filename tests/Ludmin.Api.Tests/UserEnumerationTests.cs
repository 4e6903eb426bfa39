using System.Diagnostics;
using System.Net;
using Ludmin.Api.Tests.Support;
using Microsoft.Extensions.Time.Testing;

namespace Ludmin.Api.Tests;

/// <summary>
/// Nothing tells whether an address has an account: at the shipped Argon2 cost (so hashing
/// dominates the time), a login for an unknown address, with a wrong password, or for an address
/// being slowed down answers the same in about the same time (medians of 20 interleaved tries
/// within 25 %); reset completion answers one 400 for an unknown address and for a wrong,
/// expired or used code.
/// </summary>
public sealed class UserEnumerationTests : ApiTestBase
{
    private const int Tries = 20;
    private const int WarmUps = 3;
    private const double Tolerance = 1.25;
    private const string WrongPassword = "not the password 1";
    private const string NewPassword = "the new password 1";

    // Fewer wrong tries per user than the five free ones, so the slow-down never joins in.
    private const int TriesPerUser = 4;

    private readonly FakeTimeProvider _clock = new(DateTimeOffset.FromUnixTimeSeconds(DateTimeOffset.UtcNow.ToUnixTimeSeconds()));

    protected override LudminFactoryOptions FactoryOptions => new() { DefaultArgon2 = true, Clock = _clock };

    [Test]
    public async Task Login_WhenEmailIsUnknownOrPasswordWrong_AnswersTheSameInAboutTheSameTime()
    {
        var wrongPassword = await WrongPasswordLoginsAsync();
        var unknownEmail = Enumerable.Range(0, Tries + WarmUps).Select(_ => (Unique.Email("nobody"), WrongPassword)).ToList();

        var (unknown, wrong) = await CompareAsync(unknownEmail, wrongPassword);

        AssertSameAnswer(unknown, wrong);
        AssertAboutTheSameTime(unknown, wrong);
    }

    [Test]
    public async Task Login_WhenTheAddressIsSlowedDown_AnswersLikeAWrongPasswordInAboutTheSameTime()
    {
        var blockedUser = await Api.RegisterAsync();
        for (var i = 0; i < 5; i++)
        {
            using var failed = await LoginAsync(await Api.PublicTokenAsync(), blockedUser.Email, WrongPassword);
            Assert.That(failed.StatusCode, Is.EqualTo(HttpStatusCode.Unauthorized));
        }

        // The right password, while the address waits: refused, and at the cost of a hash all the same.
        var blocked = Enumerable.Range(0, Tries + WarmUps).Select(_ => (blockedUser.Email, blockedUser.Password)).ToList();
        var wrongPassword = await WrongPasswordLoginsAsync();

        var (whileBlocked, wrong) = await CompareAsync(blocked, wrongPassword);

        AssertSameAnswer(whileBlocked, wrong);
        AssertAboutTheSameTime(whileBlocked, wrong);
    }

    [Test]
    public async Task CompleteReset_WhenEmailIsUnknownOrCodeWrongExpiredOrUsed_AnswersTheSame()
    {
        var wrong = await Api.RegisterAsync();
        var wrongCode = await Api.RequestResetCodeAsync(wrong.Email);
        var used = await Api.RegisterAsync();
        var usedCode = await Api.RequestResetCodeAsync(used.Email);
        using (var first = await Api.CompleteResetAsync(used.Email, usedCode, NewPassword))
        {
            await Expect.EmptyAsync(first, HttpStatusCode.NoContent);
        }

        var expired = await Api.RegisterAsync();
        var expiredCode = await Api.RequestResetCodeAsync(expired.Email);
        _clock.Advance(TimeSpan.FromMinutes(15));

        var answers = new Dictionary<string, string>();
        foreach (var (name, email, code) in new[]
        {
            ("unknown email", Unique.Email("nobody"), "123456"),
            ("wrong code", wrong.Email, wrongCode == "000000" ? "111111" : "000000"),
            ("expired code", expired.Email, expiredCode),
            ("used code", used.Email, usedCode),
        })
        {
            using var response = await Api.CompleteResetAsync(email, code, "whatever password 1");
            answers[name] = await AnswerAsync(response, HttpStatusCode.BadRequest, "reset_code_invalid");
        }

        Assert.That(answers.Values.Distinct().ToArray(), Has.Length.EqualTo(1), string.Join("\n", answers.Select(a => $"{a.Key}: {a.Value}")));
    }

    [Test]
    public async Task RequestReset_WhetherOrNotTheEmailIsAUsers_Answers202Alike()
    {
        var user = await Api.RegisterAsync();
        var token = await Api.PublicTokenAsync();

        using var known = await Api.SendAsync(HttpMethod.Post, "/users/reset", token.Token, new { email = user.Email });
        using var unknown = await Api.SendAsync(HttpMethod.Post, "/users/reset", token.Token, new { email = Unique.Email("nobody") });

        using (Assert.EnterMultipleScope())
        {
            Assert.That(known.StatusCode, Is.EqualTo(HttpStatusCode.Accepted));
            Assert.That(unknown.StatusCode, Is.EqualTo(HttpStatusCode.Accepted));
            Assert.That(await unknown.Content.ReadAsStringAsync(), Is.EqualTo(await known.Content.ReadAsStringAsync()));
            Assert.That(unknown.Content.Headers.ContentType, Is.EqualTo(known.Content.Headers.ContentType));
        }
    }

    /// <summary>Wrong-password logins spread over enough users that none reaches the slow-down.</summary>
    private async Task<List<(string Email, string Password)>> WrongPasswordLoginsAsync()
    {
        var logins = new List<(string, string)>();
        while (logins.Count < Tries + WarmUps)
        {
            var user = await Api.RegisterAsync();
            logins.AddRange(Enumerable.Repeat((user.Email, WrongPassword), TriesPerUser));
        }

        return logins.Take(Tries + WarmUps).ToList();
    }

    /// <summary>
    /// Sends both kinds in turn, after a few unmeasured of each, and times every answer from
    /// request to body. The pairs alternate AB, BA: anything that comes every other request
    /// (a collection after each second 19 MiB hash, say) then weighs on both kinds alike.
    /// </summary>
    private async Task<(List<Timed> A, List<Timed> B)> CompareAsync(List<(string Email, string Password)> a, List<(string Email, string Password)> b)
    {
        var timedA = new List<Timed>();
        var timedB = new List<Timed>();
        for (var i = 0; i < Tries + WarmUps; i++)
        {
            Timed first, second;
            if (i % 2 == 0)
            {
                first = await TimeAsync(a[i]);
                second = await TimeAsync(b[i]);
            }
            else
            {
                second = await TimeAsync(b[i]);
                first = await TimeAsync(a[i]);
            }

            if (i >= WarmUps)
            {
                timedA.Add(first);
                timedB.Add(second);
            }
        }

        return (timedA, timedB);
    }

    private async Task<Timed> TimeAsync((string Email, string Password) login)
    {
        var device = await Api.PublicTokenAsync();

        // Each hash allocates 19 MiB, so a full collection lands on some request or other; collect
        // before each timed one, so the collector's pauses fall on neither kind.
        GC.Collect();
        GC.WaitForPendingFinalizers();
        var started = Stopwatch.GetTimestamp();
        using var response = await LoginAsync(device, login.Email, login.Password);
        var answer = await AnswerAsync(response, HttpStatusCode.Unauthorized, "invalid_credentials");
        return new Timed(answer, Stopwatch.GetElapsedTime(started));
    }

    private Task<HttpResponseMessage> LoginAsync(TokenInfo device, string email, string password) =>
        Api.SendAsync(HttpMethod.Post, "/tokens", device.Token, new { email, password, description = "Enumeration test" });

    /// <summary>Status, content type and problem body without its trace id.</summary>
    private static async Task<string> AnswerAsync(HttpResponseMessage response, HttpStatusCode status, string code)
    {
        var problem = (await Expect.ProblemAsync(response, status, code)).DeepClone().AsObject();
        problem.Remove("trace_id");
        return $"{(int)response.StatusCode} {response.Content.Headers.ContentType} {problem.ToJsonString()}";
    }

    private static void AssertSameAnswer(List<Timed> a, List<Timed> b) =>
        Assert.That(a.Concat(b).Select(t => t.Answer).Distinct().ToArray(), Has.Length.EqualTo(1));

    private static void AssertAboutTheSameTime(List<Timed> a, List<Timed> b)
    {
        var medianA = Median(a);
        var medianB = Median(b);
        var ratio = Math.Max(medianA, medianB) / Math.Min(medianA, medianB);
        Assert.That(ratio, Is.LessThanOrEqualTo(Tolerance), $"medians {medianA:F1} ms and {medianB:F1} ms");
    }

    private static double Median(List<Timed> timed)
    {
        var sorted = timed.Select(t => t.Elapsed.TotalMilliseconds).Order().ToArray();
        var middle = sorted.Length / 2;
        return sorted.Length % 2 == 1 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2;
    }

    private sealed record Timed(string Answer, TimeSpan Elapsed);
}
