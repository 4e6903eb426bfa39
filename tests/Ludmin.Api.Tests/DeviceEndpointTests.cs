using System.Net;
using Ludmin.Api.Tests.Support;

namespace Ludmin.Api.Tests;

/// <summary>
/// What refresh (GET /tokens/{device_id}) and logout (DELETE /tokens/{device_id}) answer alike:
/// no token, and a user token past the refresh window. What each answers on its own is in
/// RefreshTokenTests and LogoutTests.
/// </summary>
public sealed class DeviceEndpointTests : ApiTestBase
{
    [TestCaseSource(nameof(Both))]
    public async Task Endpoint_WhenNoTokenIsSent_Returns401TokenMissing(DeviceEndpoint endpoint)
    {
        using var response = await endpoint.SendAsync(Api, Unique.Hex32(), token: null);

        await Expect.ProblemAsync(response, HttpStatusCode.Unauthorized, "token_missing");
    }

    [TestCaseSource(nameof(Both))]
    public async Task Endpoint_WhenUserTokenExpiredBeyondTheWindow_Returns401TokenInvalidAndChangesNothing(DeviceEndpoint endpoint)
    {
        var session = await Api.NewSessionAsync();
        var before = await Api.StoreSnapshotAsync();

        using var response = await endpoint.SendWithAnExpiredTokenAsync(Api, session, TimeSpan.FromDays(31));

        await Expect.ProblemAsync(response, HttpStatusCode.Unauthorized, "token_invalid");
        Assert.That(await Api.StoreSnapshotAsync(), Is.EqualTo(before));
    }

    private static IEnumerable<TestCaseData> Both() =>
        DeviceEndpoint.All().Select(endpoint => new TestCaseData(endpoint).SetArgDisplayNames(endpoint.Name));
}
