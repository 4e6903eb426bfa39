using System.Diagnostics;
using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using Ludmin.Api.Tests.Support;
using Ludmin.Domain.Users;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;
using OpenTelemetry.Trace;

namespace Ludmin.Api.Tests;

/// <summary>
/// Nothing tells whether an address has an account: a login for an unknown address, with a wrong
/// password, or for an address being slowed down answers the same after the same work (the same
/// store operations in the same order and one password hash at the configured cost, read from
/// each login's own trace, so no clock is involved and a loaded machine cannot make it flake);
/// reset completion answers one 400 for an unknown address and for a wrong, expired or used code.
/// </summary>
[NonParallelizable]
public sealed class UserEnumerationTests : ApiTestBase
{
    private const string WrongPassword = "not the password 1";
    private const string NewPassword = "the new password 1";

    private readonly FakeTimeProvider _clock = new(DateTimeOffset.FromUnixTimeSeconds(DateTimeOffset.UtcNow.ToUnixTimeSeconds()));
    private readonly List<Activity> _spans = [];

    // Tracing on (an OTLP endpoint that accepts nothing) with the spans kept in memory as well.
    protected override LudminFactoryOptions FactoryOptions => new()
    {
        Clock = _clock,
        Settings = new Dictionary<string, string?> { ["OTEL_EXPORTER_OTLP_ENDPOINT"] = "http://127.0.0.1:9" },
        Services = services => services.ConfigureOpenTelemetryTracerProvider(tracing => tracing.AddInMemoryExporter(_spans)),
    };

    [Test]
    public async Task Login_WhenEmailIsUnknownOrPasswordWrong_AnswersTheSameAfterTheSameWork()
    {
        var user = await Api.RegisterAsync();

        var unknown = await TracedLoginAsync(Unique.Email("nobody"), WrongPassword);
        var wrong = await TracedLoginAsync(user.Email, WrongPassword);

        using (Assert.EnterMultipleScope())
        {
            Assert.That(unknown.Answer, Is.EqualTo(wrong.Answer));
            Assert.That(unknown.Work, Is.EqualTo(wrong.Work));
            Assert.That(unknown.Hashes, Is.EqualTo(new[] { "password_hash simulate_verify" }), "an unknown address costs a hash against a decoy at the configured cost");
            Assert.That(wrong.Hashes, Is.EqualTo(new[] { "password_hash verify" }));
        }
    }

    [Test]
    public async Task Login_WhenTheAddressIsSlowedDown_AnswersLikeAWrongPasswordAfterTheSameWork()
    {
        var blockedUser = await Api.RegisterAsync();
        for (var i = 0; i < 5; i++)
        {
            using var failed = await LoginAsync(await Api.PublicTokenAsync(), blockedUser.Email, WrongPassword);
            Assert.That(failed.StatusCode, Is.EqualTo(HttpStatusCode.Unauthorized));
        }

        var wrongUser = await Api.RegisterAsync();

        // The right password, while the address waits: refused, and at the cost of a hash all the same.
        var whileBlocked = await TracedLoginAsync(blockedUser.Email, blockedUser.Password);
        var wrong = await TracedLoginAsync(wrongUser.Email, WrongPassword);

        using (Assert.EnterMultipleScope())
        {
            Assert.That(whileBlocked.Answer, Is.EqualTo(wrong.Answer));
            Assert.That(whileBlocked.Work, Is.EqualTo(wrong.Work));
            Assert.That(whileBlocked.Hashes, Is.EqualTo(new[] { "password_hash verify" }));
            Assert.That(await HashParametersAsync(blockedUser.Id), Is.EqualTo(await HashParametersAsync(wrongUser.Id)), "both hashes verified at the same cost");
        }
    }

    /// <summary>
    /// An imported user's login with a wrong password (a cheap bcrypt hash of another system), and
    /// one of a user imported without a password, answer as a wrong password does after the same
    /// store operations and one hash at the configured cost (a decoy); the imported hash's own
    /// verification comes on top, never instead, so a cheap legacy hash never makes a login faster.
    /// </summary>
    [Test]
    public async Task Login_WhenTheUserIsImported_AnswersLikeAWrongPasswordAfterTheSameStoreWorkAndOneConfiguredHash()
    {
        var imported = await ImportAsync(PasswordHash.Imported("bcrypt", "$2b$04$q5EnWlLobE4BFX90fV/Af.2YMfxMhvPLg8q1Ym2fD1gVSFAcCg4QO"));
        var withoutPassword = await ImportAsync(PasswordHash.NoPassword);
        var user = await Api.RegisterAsync();

        var wrong = await TracedLoginAsync(user.Email, WrongPassword);
        var importedWrong = await TracedLoginAsync(imported, WrongPassword);
        var none = await TracedLoginAsync(withoutPassword, WrongPassword);

        using (Assert.EnterMultipleScope())
        {
            Assert.That(importedWrong.Answer, Is.EqualTo(wrong.Answer));
            Assert.That(none.Answer, Is.EqualTo(wrong.Answer));
            Assert.That(StoreWork(importedWrong), Is.EqualTo(StoreWork(wrong)));
            Assert.That(StoreWork(none), Is.EqualTo(StoreWork(wrong)));
            Assert.That(importedWrong.Hashes, Is.EqualTo(new[] { "password_hash verify_imported", "password_hash simulate_verify" }));
            Assert.That(none.Hashes, Is.EqualTo(new[] { "password_hash simulate_verify" }));
        }
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

    /// <summary>
    /// One login for a fresh device, in a trace of its own (the test names it in <c>traceparent</c>):
    /// the answer, the store operations and hashes it ran, in the order they started (the hash
    /// spans named by kind), and the hashes alone.
    /// </summary>
    private async Task<TracedLogin> TracedLoginAsync(string email, string password)
    {
        var device = await Api.PublicTokenAsync();
        var traceId = ActivityTraceId.CreateRandom();
        using var request = new HttpRequestMessage(HttpMethod.Post, "/tokens")
        {
            Content = JsonContent.Create(new { email, password, description = "Enumeration test" }),
        };
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", device.Token);
        request.Headers.Add("traceparent", $"00-{traceId}-{ActivitySpanId.CreateRandom()}-01");

        using var response = await Factory.Api.SendAsync(request);
        var answer = await AnswerAsync(response, HttpStatusCode.Unauthorized, "invalid_credentials");
        var work = Spans(traceId)
            .Where(s => s.Source.Name == "Ludmin.Infrastructure")
            .OrderBy(s => s.StartTimeUtc)
            .Select(s => s.DisplayName)
            .ToList();
        return new TracedLogin(
            answer,
            [.. work.Select(name => name.StartsWith("password_hash ", StringComparison.Ordinal) ? "password_hash" : name)],
            [.. work.Where(name => name.StartsWith("password_hash ", StringComparison.Ordinal))]);
    }

    /// <summary>The spans of one trace; each store call and hash has ended, and been exported, before the answer is written.</summary>
    private List<Activity> Spans(ActivityTraceId traceId)
    {
        lock (_spans)
        {
            return [.. _spans.Where(s => s.TraceId == traceId)];
        }
    }

    /// <summary>The Argon2 parameters of a user's stored hash (<c>$argon2id$v=19$m=…,t=…,p=…</c>).</summary>
    private async Task<string> HashParametersAsync(string userId)
    {
        var hash = await StoreSnapshot.ScalarAsync(Factory.DatabasePath, "SELECT password_hash FROM users WHERE id = $id", ("$id", userId));
        return string.Join('$', hash!.Split('$').Take(4));
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

    private static List<string> StoreWork(TracedLogin login) => [.. login.Work.Where(name => name != "password_hash")];

    /// <summary>A user imported straight into the store (the import's own path is ImportUsersTests'), by address.</summary>
    private async Task<string> ImportAsync(PasswordHash hash)
    {
        var email = Unique.Email("imported");
        using var scope = Factory.Services.CreateScope();
        var user = User.Import(UserId.New(), FullName.Create("Imported Ivy"), EmailAddress.Create(email), false, hash, null, _clock.GetUtcNow());
        Assert.That(await scope.ServiceProvider.GetRequiredService<IUserRepository>().ImportAsync([user], CancellationToken.None), Is.EqualTo(new[] { true }));
        return email;
    }

    private sealed record TracedLogin(string Answer, IReadOnlyList<string> Work, IReadOnlyList<string> Hashes);
}
