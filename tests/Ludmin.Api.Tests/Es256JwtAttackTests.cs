using System.Net;
using Ludmin.Api.Tests.Support;

namespace Ludmin.Api.Tests;

/// <summary>
/// The JWT attack suite against a server that signs ES256 (with an HS256 SigningKey also in its
/// configuration, which must count for nothing): every forgery refused with 401 token_invalid
/// (only expired ones with token_expired) on every endpoint that takes a token, nothing changed;
/// and the ES256 tokens the server issues work for the whole flow.
/// </summary>
public sealed class Es256JwtAttackTests : ApiTestBase
{
    protected override LudminFactoryOptions FactoryOptions => new() { Settings = TestTokens.Es256Settings() };

    [TestCaseSource(nameof(ForgedOnEveryEndpoint))]
    public async Task Endpoint_WhenAnEs256ServerGetsAForgedToken_Returns401AndChangesNothing(TokenEndpoint endpoint, RefusedToken forged)
    {
        var session = await Api.NewSessionAsync("forged-es");
        var before = await Api.StoreSnapshotAsync();

        using var response = await endpoint.SendAsync(Api, session, forged.Make(session), forged.Bare);

        await Expect.ProblemAsync(response, HttpStatusCode.Unauthorized, forged.Code);
        Assert.That(await Api.StoreSnapshotAsync(), Is.EqualTo(before), "a refused token changed the store");
    }

    [Test]
    public async Task GetUser_WhenTheEs256RecipeIsFollowedWithOurKey_IsServed()
    {
        // The control for the forgeries: the same builder, with our key and kid, makes a token the server takes.
        var session = await Api.NewSessionAsync("control-es");

        using var response = await Api.SendAsync(HttpMethod.Get, "/users/me", Es256ForgedTokens.Signed(session, TestTokens.EcCredentials()));

        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.OK), await response.Content.ReadAsStringAsync());
    }

    [Test]
    public async Task Flow_WhenTheServerSignsEs256_LogsInRefreshesAndLogsOutWithKidNamedTokens()
    {
        var session = await Api.NewSessionAsync("flow-es");
        var header = TestTokens.Read(session.Token);
        Assert.That((header.Alg, header.Kid), Is.EqualTo(("ES256", TestTokens.EcKeyId)));

        using (var me = await Api.SendAsync(HttpMethod.Get, "/users/me", session.Token))
        {
            await Expect.JsonAsync(me, HttpStatusCode.OK);
        }

        using var refresh = await Api.SendAsync(HttpMethod.Get, $"/tokens/{session.DeviceId}", session.Token);
        var refreshed = LudminApi.ToToken(await Expect.JsonAsync(refresh, HttpStatusCode.OK));
        Assert.That(refreshed.Type, Is.EqualTo("refresh"));
        Assert.That(TestTokens.Read(refreshed.Token).Kid, Is.EqualTo(TestTokens.EcKeyId));

        using (var logout = await Api.SendAsync(HttpMethod.Delete, $"/tokens/{session.DeviceId}", refreshed.Token))
        {
            await Expect.EmptyAsync(logout, HttpStatusCode.NoContent);
        }

        using var after = await Api.SendAsync(HttpMethod.Get, "/users/me", refreshed.Token);
        await Expect.ProblemAsync(after, HttpStatusCode.Unauthorized, "session_ended");
    }

    [Test]
    public async Task ResetCodes_WhenTheServerSignsEs256_AreAcceptedOnce()
    {
        // Under ES256 the reset-code key derives from the ES256 signing key; a code must still work.
        var user = await Api.RegisterAsync();
        var code = await Api.RequestResetCodeAsync(user.Email);

        using var response = await Api.CompleteResetAsync(user.Email, code, "a brand new password");

        await Expect.EmptyAsync(response, HttpStatusCode.NoContent);
    }

    private static IEnumerable<TestCaseData> ForgedOnEveryEndpoint() =>
        from endpoint in TokenEndpoint.All().Concat(TokenEndpoint.CoveredElsewhere())
        from forged in Es256ForgedTokens.All()
        where forged.RefusedWithinRefreshWindow || !endpoint.TakesExpiredTokens
        select new TestCaseData(endpoint, forged).SetArgDisplayNames(endpoint.Name, forged.Name);
}
