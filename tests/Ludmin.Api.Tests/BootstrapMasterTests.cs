using System.Net;
using Ludmin.Api.Tests.Support;

namespace Ludmin.Api.Tests;

/// <summary>Ludmin:Bootstrap creates the configured master on start, with the master grant.</summary>
public sealed class BootstrapMasterTests : MasterApiTestBase
{
    [Test]
    public async Task Start_WhenBootstrapMasterIsConfigured_CreatesItAsAMaster()
    {
        var token = await LoginAsMasterAsync();

        var profile = await Api.GetUserAsync(token.Token);

        using (Assert.EnterMultipleScope())
        {
            Assert.That((bool?)profile["is_master"], Is.True);
            Assert.That((string?)profile["current_email"], Is.EqualTo(MasterEmail));
        }
    }

    [Test]
    public async Task Login_WhenUserIsTheBootstrapMaster_GetsTheMasterGrant()
    {
        var token = await LoginAsMasterAsync();

        Assert.That(TestTokens.Allowed(token.Token), Is.EquivalentTo(new[] { "basics", "master" }));
    }

    [Test]
    public async Task Refresh_WhenUserIsTheBootstrapMaster_KeepsTheMasterGrant()
    {
        var token = await LoginAsMasterAsync();

        using var response = await Api.SendAsync(HttpMethod.Get, $"/tokens/{token.DeviceId}", token.Token);

        var refreshed = LudminApi.ToToken(await Expect.JsonAsync(response, HttpStatusCode.OK));
        Assert.That(TestTokens.Allowed(refreshed.Token), Is.EquivalentTo(new[] { "basics", "master" }));
    }

    [Test]
    public async Task Login_WhenUserIsNotAMaster_GetsNoMasterGrant()
    {
        var session = await Api.NewSessionAsync();

        using (Assert.EnterMultipleScope())
        {
            Assert.That(TestTokens.Allowed(session.Token), Is.EqualTo(new[] { "basics" }));
            Assert.That((bool?)(await Api.GetUserAsync(session.Token))["is_master"], Is.False);
        }
    }

    [Test]
    public async Task Register_WhenEmailIsTheBootstrapMasters_Returns409EmailInUse()
    {
        var token = await Api.PublicTokenAsync();

        using var response = await Api.SendRegistrationAsync(token.Token, MasterEmail.ToUpperInvariant(), fullName: "Impostor");

        await Expect.ProblemAsync(response, HttpStatusCode.Conflict, "email_in_use");
    }
}
