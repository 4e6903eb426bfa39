using System.Net;
using Ludmin.Api.Tests.Support;
using Microsoft.Extensions.Time.Testing;

namespace Ludmin.Api.Tests;

/// <summary>
/// Issue 23, findings 4 and 7: a copy of a token its owner has since replaced by a refresh. It
/// must not log devices out, nor keep following the session by using the refresh grace at each
/// of the owner's rotations, timed by the profile's <c>last_used</c>.
/// </summary>
public sealed class StaleGenerationTests : ApiTestBase
{
    private static readonly TimeSpan Grace = TimeSpan.FromSeconds(10);
    private static readonly TimeSpan AccessLifetime = TimeSpan.FromMinutes(5);

    private readonly FakeTimeProvider _clock = new(DateTimeOffset.FromUnixTimeSeconds(DateTimeOffset.UtcNow.ToUnixTimeSeconds()));
    private readonly LogCapture _logs = new();

    protected override LudminFactoryOptions FactoryOptions => new() { Clock = _clock, Logs = _logs };

    [Test]
    public async Task Logout_WithAnExpiredTokenOfAReplacedGeneration_Is401TokenInvalidAndLogsNothingOut()
    {
        var phone = await Api.NewSessionAsync("Phone");
        var laptop = await Api.LoginAsync(phone.User.Email, phone.User.Password, "Laptop");
        var newest = await RefreshAsync(phone.Token, phone.DeviceId);
        _clock.Advance(AccessLifetime + TimeSpan.FromMinutes(1));

        using (var refused = await Api.SendAsync(HttpMethod.Delete, $"/tokens/{laptop.DeviceId}", phone.Token))
        {
            await Expect.ProblemAsync(refused, HttpStatusCode.Unauthorized, "token_invalid");
        }

        // The laptop is still linked (an unlinked one would be 404), and the newest token, as
        // expired, still logs it out: the refresh window covers logout.
        using var done = await Api.SendAsync(HttpMethod.Delete, $"/tokens/{laptop.DeviceId}", newest.Token);
        await Expect.EmptyAsync(done, HttpStatusCode.NoContent);
    }

    [Test]
    public async Task Logout_WithTheTokenARefreshReplacedWithinTheGrace_Succeeds()
    {
        // A client whose refresh answer was lost holds only the token that refresh replaced.
        var phone = await Api.NewSessionAsync("Phone");
        var laptop = await Api.LoginAsync(phone.User.Email, phone.User.Password, "Laptop");
        await RefreshAsync(phone.Token, phone.DeviceId);
        _clock.Advance(Grace);

        using var done = await Api.SendAsync(HttpMethod.Delete, $"/tokens/{laptop.DeviceId}", phone.Token);

        await Expect.EmptyAsync(done, HttpStatusCode.NoContent);
    }

    private async Task<TokenInfo> RefreshAsync(string token, string deviceId)
    {
        using var response = await Api.SendAsync(HttpMethod.Get, $"/tokens/{deviceId}", token);
        return LudminApi.ToToken(await Expect.JsonAsync(response, HttpStatusCode.OK));
    }
}
