using System.Net;
using Ludmin.Api.Tests.Support;
using Microsoft.Extensions.Time.Testing;

namespace Ludmin.Api.Tests;

/// <summary>
/// Refresh rotation (issue 11): each refresh moves the session to a new generation its token
/// carries; a token of an older generation refreshed later than the grace (10 s) after it was
/// replaced ends the session for every holder; refreshes within the grace, also racing ones,
/// all succeed.
/// </summary>
[TestFixture(TestStore.Sqlite)]
[TestFixture(TestStore.Postgres)]
public sealed class RefreshRotationTests(TestStore store) : ApiTestBase
{
    private static readonly TimeSpan Grace = Application.Common.Options.RefreshRotationOptions.DefaultReuseGrace;

    private readonly FakeTimeProvider _clock = new(DateTimeOffset.FromUnixTimeSeconds(DateTimeOffset.UtcNow.ToUnixTimeSeconds()));
    private readonly LogCapture _logs = new();

    protected override LudminFactoryOptions FactoryOptions => new() { Clock = _clock, Logs = _logs };

    protected override TestStore Store => store;

    [Test]
    public async Task Refresh_WithTheNewestTokenEachTime_MovesTheGenerationOnAndEveryTokenServes()
    {
        var session = await Api.NewSessionAsync("rotation");
        Assert.That(Generation(session.Token), Is.EqualTo(0), "a login starts at the first generation");

        var token = session.Token;
        for (var expected = 1; expected <= 3; expected++)
        {
            _clock.Advance(TimeSpan.FromMinutes(1));
            var refreshed = await RefreshAsync(token, session.DeviceId);
            Assert.That(refreshed.Type, Is.EqualTo("refresh"));
            Assert.That(Generation(refreshed.Token), Is.EqualTo(expected));
            Assert.That(TestTokens.Read(refreshed.Token).GetPayloadValue<string>("sid"), Is.EqualTo(session.SessionId), "the same login goes on");
            token = refreshed.Token;
        }

        Assert.That((string?)(await Api.GetUserAsync(token))["id"], Is.EqualTo(session.User.Id));
    }

    [Test]
    public async Task Refresh_TwiceWithOneTokenWithinTheGrace_BothSucceedWithTokensOfTheCurrentGeneration()
    {
        var session = await Api.NewSessionAsync("rotation");

        var first = await RefreshAsync(session.Token, session.DeviceId);
        _clock.Advance(Grace);
        var second = await RefreshAsync(session.Token, session.DeviceId);

        using (Assert.EnterMultipleScope())
        {
            Assert.That(first.Type, Is.EqualTo("refresh"));
            Assert.That(second.Type, Is.EqualTo("refresh"));
            Assert.That(Generation(first.Token), Is.EqualTo(1));
            Assert.That(Generation(second.Token), Is.EqualTo(1), "no second move: both holders are at the current generation");
            Assert.That((string?)(await Api.GetUserAsync(first.Token))["id"], Is.EqualTo(session.User.Id));
            Assert.That((string?)(await Api.GetUserAsync(second.Token))["id"], Is.EqualTo(session.User.Id));
        }

        // Both go on: either one refreshes from the current generation.
        Assert.That((await RefreshAsync(second.Token, session.DeviceId)).Type, Is.EqualTo("refresh"));
        Assert.That(ReuseEntries(session.User.Id), Is.Empty);
    }

    [Test]
    public async Task Refresh_WithAnOldTokenAfterTheGrace_EndsTheSessionForBothHolders()
    {
        var session = await Api.NewSessionAsync("rotation");
        var other = await Api.LoginAsync(session.User.Email, session.User.Password, "Laptop");
        var owner = await RefreshAsync(session.Token, session.DeviceId);
        _clock.Advance(Grace + TimeSpan.FromSeconds(1));

        // The copy (here the token the owner refreshed from) is refreshed by its thief.
        var thief = await RefreshAsync(session.Token, session.DeviceId);

        using (Assert.EnterMultipleScope())
        {
            Assert.That(thief.Type, Is.EqualTo("public"), "the answer a refresh of an ended session gets");
            Assert.That(thief.UserId, Is.Null);
            Assert.That(thief.DeviceId, Is.EqualTo(session.DeviceId));
            Assert.That(TestTokens.Allowed(thief.Token), Is.EqualTo(new[] { "public" }));
        }

        // The owner's newest token is refused from the very next request on, and cannot refresh either.
        using (var refused = await Api.SendAsync(HttpMethod.Get, "/users/me", owner.Token))
        {
            await Expect.ProblemAsync(refused, HttpStatusCode.Unauthorized, "session_ended");
        }

        using (var refused = await Api.SendAsync(HttpMethod.Get, "/users/me", session.Token))
        {
            await Expect.ProblemAsync(refused, HttpStatusCode.Unauthorized, "session_ended");
        }

        Assert.That((await RefreshAsync(owner.Token, session.DeviceId)).Type, Is.EqualTo("public"));

        // The device is unlinked; the user's other devices stay.
        var profile = await Api.GetUserAsync(other.Token);
        Assert.That(Profiles.DeviceIds(profile), Is.EquivalentTo(new[] { other.DeviceId }));

        var entry = ReuseEntries(session.User.Id).Single();
        using (Assert.EnterMultipleScope())
        {
            Assert.That(entry.EventId.Name, Is.EqualTo("RefreshReused"));
            Assert.That(entry.Property("DeviceId"), Is.EqualTo(session.DeviceId));
            Assert.That(entry.Level, Is.EqualTo(Microsoft.Extensions.Logging.LogLevel.Warning));
        }
    }

    [Test]
    public async Task Refresh_WithAnOldTokenAfterTheGrace_WhenTheOwnerRefreshedLast_EndsTheSessionToo()
    {
        // The thief refreshed first: the owner's later refresh with the replaced token is the reuse.
        var session = await Api.NewSessionAsync("rotation");
        var thief = await RefreshAsync(session.Token, session.DeviceId);
        _clock.Advance(Grace + TimeSpan.FromSeconds(1));

        var owner = await RefreshAsync(session.Token, session.DeviceId);

        Assert.That(owner.Type, Is.EqualTo("public"));
        using var refused = await Api.SendAsync(HttpMethod.Get, "/users/me", thief.Token);
        await Expect.ProblemAsync(refused, HttpStatusCode.Unauthorized, "session_ended");
    }

    [Test]
    public async Task AccessToken_OfAnOlderGenerationNotReused_IsHonouredUntilItExpires()
    {
        var session = await Api.NewSessionAsync("rotation");
        await RefreshAsync(session.Token, session.DeviceId);
        _clock.Advance(TimeSpan.FromMinutes(1));

        // Only a refresh checks the generation: the session check on normal endpoints is by session.
        Assert.That((string?)(await Api.GetUserAsync(session.Token))["id"], Is.EqualTo(session.User.Id));
    }

    [Test]
    public async Task Refresh_RacingWithOneToken_AllSucceedAndTheSessionMovesOnOnce()
    {
        var session = await Api.NewSessionAsync("rotation");

        var answers = await Task.WhenAll(Enumerable.Range(0, 8).Select(_ => RefreshAsync(session.Token, session.DeviceId)));

        Assert.That(answers.Select(a => a.Type), Has.All.EqualTo("refresh"));
        Assert.That(answers.Select(a => Generation(a.Token)), Has.All.EqualTo(1), "one move; the others got the winner's generation");
        foreach (var answer in answers)
        {
            Assert.That((string?)(await Api.GetUserAsync(answer.Token))["id"], Is.EqualTo(session.User.Id));
        }

        Assert.That(Generation((await RefreshAsync(answers[^1].Token, session.DeviceId)).Token), Is.EqualTo(2));
        Assert.That(ReuseEntries(session.User.Id), Is.Empty);
    }

    [Test]
    public async Task Refresh_RacingOnTwoInstancesOfOneStore_TheStoreDecidesAndAllSucceed()
    {
        var session = await Api.NewSessionAsync("rotation");
        await using var second = new LudminFactory(LudminFactoryOptions.SecondInstanceOf(Factory, _clock));
        var otherInstance = new LudminApi(second);

        var answers = await Task.WhenAll(Enumerable.Range(0, 8).Select(i => RefreshAsync(session.Token, session.DeviceId, i % 2 == 0 ? Api : otherInstance)));

        Assert.That(answers.Select(a => a.Type), Has.All.EqualTo("refresh"));
        Assert.That(answers.Select(a => Generation(a.Token)), Has.All.EqualTo(1));

        // Past the grace, the replaced token ends the session, seen by both instances at once.
        _clock.Advance(Grace + TimeSpan.FromSeconds(1));
        Assert.That((await RefreshAsync(session.Token, session.DeviceId, otherInstance)).Type, Is.EqualTo("public"));
        using var refused = await Api.SendAsync(HttpMethod.Get, "/users/me", answers[0].Token);
        await Expect.ProblemAsync(refused, HttpStatusCode.Unauthorized, "session_ended");
    }

    [Test]
    public async Task Refresh_WithATokenIssuedBeforeRotation_WorksUntilTheSessionsNextRefresh()
    {
        // A token without the generation claim, as every build before rotation issued them.
        var session = await Api.NewSessionAsync("rotation");
        var legacy = TestTokens.ForUser(session.User.Id, session.DeviceId, session.User.Email, _clock.GetUtcNow().AddMinutes(5), sessionId: session.SessionId);
        Assert.That(TestTokens.Read(legacy).TryGetPayloadValue<long>("gen", out _), Is.False);
        Assert.That((string?)(await Api.GetUserAsync(legacy))["id"], Is.EqualTo(session.User.Id));

        var refreshed = await RefreshAsync(legacy, session.DeviceId);

        Assert.That(refreshed.Type, Is.EqualTo("refresh"));
        Assert.That(Generation(refreshed.Token), Is.EqualTo(1), "it counted as the first generation");
        _clock.Advance(Grace + TimeSpan.FromSeconds(1));
        Assert.That((await RefreshAsync(legacy, session.DeviceId)).Type, Is.EqualTo("public"), "replaced, it is an old generation like any other");
    }

    [TestCase("-1")]
    [TestCase("1.5")]
    [TestCase("\"one\"")]
    public async Task Refresh_WithAGenerationClaimThatIsNoWholeNumber_IsRefused(string generation)
    {
        var session = await Api.NewSessionAsync("rotation");
        var payload = TestTokens.UserPayload(session).TrimEnd('}') + $$""", "gen": {{generation}} }""";
        var token = TestTokens.Manual("""{"alg":"HS256","typ":"JWT"}""", payload, TestTokens.SignWithServerKey);

        using var response = await Api.SendAsync(HttpMethod.Get, $"/tokens/{session.DeviceId}", token);

        await Expect.ProblemAsync(response, HttpStatusCode.Unauthorized, "token_invalid");
    }

    [Test]
    public async Task Refresh_WithAGenerationClaimMadeByTheSameRecipe_IsTakenAsThatGeneration()
    {
        // The control for the refusals above: the same builder with a whole number is served.
        var session = await Api.NewSessionAsync("rotation");
        var token = TestTokens.Manual("""{"alg":"HS256","typ":"JWT"}""", TestTokens.UserPayload(session).TrimEnd('}') + """, "gen": 0 }""", TestTokens.SignWithServerKey);

        var refreshed = await RefreshAsync(token, session.DeviceId);

        Assert.That(refreshed.Type, Is.EqualTo("refresh"));
        Assert.That(Generation(refreshed.Token), Is.EqualTo(1));
    }

    private static long Generation(string token) =>
        TestTokens.Read(token).TryGetPayloadValue<long>("gen", out var generation) ? generation : -1;

    private async Task<TokenInfo> RefreshAsync(string token, string deviceId, LudminApi? api = null)
    {
        using var response = await (api ?? Api).SendAsync(HttpMethod.Get, $"/tokens/{deviceId}", token);
        return LudminApi.ToToken(await Expect.JsonAsync(response, HttpStatusCode.OK));
    }

    private List<LogEntry> ReuseEntries(string userId) =>
        [.. _logs.Entries.Where(e => e.Category == SecurityEvent.Category && e.EventId.Id == 1020 && e.Property("UserId") == userId)];
}
