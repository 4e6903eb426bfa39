using System.Net;

namespace Ludmin.Api.Tests.Support;

/// <summary>
/// GET and DELETE /tokens/{device_id} (refresh and logout): the two endpoints that name a device
/// in their path and take a token still within its refresh window. The requests their tests
/// share are written once here; what both answer alike is tested once, in DeviceEndpointTests.
/// </summary>
public sealed record DeviceEndpoint(string Name, HttpMethod Method)
{
    public static readonly DeviceEndpoint Refresh = new("refresh", HttpMethod.Get);

    public static readonly DeviceEndpoint Logout = new("logout", HttpMethod.Delete);

    public static IEnumerable<DeviceEndpoint> All() => [Refresh, Logout];

    public Task<HttpResponseMessage> SendAsync(LudminApi api, string deviceId, string? token) =>
        api.SendAsync(Method, $"/tokens/{deviceId}", token);

    /// <summary>A new public token, sent for its own device or for another one.</summary>
    public async Task<HttpResponseMessage> SendWithAPublicTokenAsync(LudminApi api, bool forItsOwnDevice)
    {
        var device = await api.PublicTokenAsync();
        return await SendAsync(api, forItsOwnDevice ? device.DeviceId : Unique.Hex32(), device.Token);
    }

    /// <summary>The session's own device, with a user token of its session that expired <paramref name="expiredAgo"/> ago.</summary>
    public Task<HttpResponseMessage> SendWithAnExpiredTokenAsync(LudminApi api, UserSession session, TimeSpan expiredAgo)
    {
        var expired = TestTokens.ForUser(session.User.Id, session.DeviceId, session.User.Email, DateTimeOffset.UtcNow - expiredAgo, sessionId: session.SessionId);
        return SendAsync(api, session.DeviceId, expired);
    }

    /// <summary>Logs <paramref name="deviceId"/> out with <paramref name="token"/>, which must succeed (204).</summary>
    public static async Task LogOutAsync(LudminApi api, string deviceId, string token)
    {
        using var response = await Logout.SendAsync(api, deviceId, token);
        await Expect.EmptyAsync(response, HttpStatusCode.NoContent);
    }

    public override string ToString() => Name;
}
