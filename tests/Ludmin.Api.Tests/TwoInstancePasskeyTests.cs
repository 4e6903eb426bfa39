using System.Net;
using Ludmin.Api.Tests.Support;

namespace Ludmin.Api.Tests;

/// <summary>
/// Two API instances over one store: a ceremony's challenge lives in the store, so options fetched
/// from one instance are finished on the other, once; a passkey registered through one signs in
/// through the other.
/// </summary>
[TestFixture(TestStore.Sqlite)]
[TestFixture(TestStore.Postgres)]
public sealed class TwoInstancePasskeyTests(TestStore store) : ApiTestBase
{
    private LudminFactory _second = null!;
    private LudminApi _other = null!;

    protected override TestStore Store => store;

    protected override LudminFactoryOptions FactoryOptions => new() { Settings = Passkeys.Settings };

    [OneTimeSetUp]
    public void StartSecondInstance()
    {
        _second = new LudminFactory(new LudminFactoryOptions
        {
            DataDirectory = Factory.DataDirectory,
            PostgresConnectionString = Factory.PostgresConnectionString,
            Settings = Passkeys.Settings,
        });
        _other = new LudminApi(_second);
    }

    [OneTimeTearDown]
    public async Task StopSecondInstanceAsync() => await _second.DisposeAsync();

    [Test]
    public async Task RegisteredOnOneInstance_SignsInOnTheOther_WithOptionsFromTheFirst()
    {
        var session = await Api.NewSessionAsync("passkey.two");
        using var authenticator = new SoftwareAuthenticator(Passkeys.Origin);
        var creation = await Api.CreationOptionsAsync(session.Token);
        using (var registered = await _other.SendRegistrationAsync(session.Token, authenticator.Register(creation)))
        {
            Assert.That(registered.StatusCode, Is.EqualTo(HttpStatusCode.Created), await registered.Content.ReadAsStringAsync());
        }

        var device = await Api.PublicTokenAsync();
        var assertion = authenticator.Assert(await Api.RequestOptionsAsync(device.Token));
        using (var signedIn = await _other.SendSignInAsync(device.Token, assertion))
        {
            Assert.That((string?)(await Expect.JsonAsync(signedIn, HttpStatusCode.Created))["user_id"], Is.EqualTo(session.User.Id));
        }

        using var replayed = await Api.SendSignInAsync(device.Token, assertion);
        await Expect.ProblemAsync(replayed, HttpStatusCode.BadRequest, "passkey_challenge_invalid");
    }
}
