using Ludmin.Api.Tests.Support;

namespace Ludmin.Api.Tests;

/// <summary>Passkeys end to end with a software authenticator: registering, managing, signing in, and the answers refused.</summary>
public sealed class PasskeyTests : ClockedApiTestBase
{
    protected override LudminFactoryOptions FactoryOptions => new() { Clock = Clock, Settings = Passkeys.Settings };

    [Test]
    public async Task RegisterThenSignIn_WithThePasskeyAlone_LinksANewDeviceToTheUser()
    {
        var session = await Api.NewSessionAsync("passkey.signin");
        using var authenticator = new SoftwareAuthenticator(Passkeys.Origin);
        var passkey = await Api.RegisterPasskeyAsync(session.Token, authenticator, "Laptop");
        Assert.That((string?)passkey["name"], Is.EqualTo("Laptop"));

        var token = await Api.SignInWithPasskeyAsync(authenticator);

        Assert.That(token.UserId, Is.EqualTo(session.User.Id));
        Assert.That(token.Type, Is.EqualTo("login"));
        var profile = await Api.GetUserAsync(token.Token);
        Assert.That(profile["devices"]!.AsArray().Select(d => (string?)d!["device_id"]), Does.Contain(token.DeviceId));
    }
}
