using System.Net;
using Ludmin.Api.Tests.Support;

namespace Ludmin.Api.Tests;

/// <summary>Outside Development, passkeys are off until a relying party and origins are configured: the start log says so, and every passkey endpoint answers 404 passkeys_disabled.</summary>
public sealed class PasskeysDisabledTests : ApiTestBase
{
    private readonly LogCapture _logs = new();

    protected override LudminFactoryOptions FactoryOptions => new() { Logs = _logs };

    [Test]
    public void Start_WithoutPasskeySettings_LogsThatPasskeysAreOff() =>
        Assert.That(_logs.Entries.Where(e => e.EventId.Id == 3102).Select(e => e.Message), Has.One.Contains("Passkeys: off"));

    [TestCase("POST", "/users/me/passkeys/options")]
    [TestCase("GET", "/users/me/passkeys")]
    [TestCase("DELETE", "/users/me/passkeys/0123456789abcdef0123456789abcdef")]
    [TestCase("POST", "/tokens/passkey/options")]
    public async Task Endpoint_WhenPasskeysAreOff_AnswersPasskeysDisabled(string method, string path)
    {
        var session = await Api.NewSessionAsync("passkeys.off");
        await Api.ExpectProblemAsync(new HttpMethod(method), path, session.Token, HttpStatusCode.NotFound, "passkeys_disabled");
    }

    [Test]
    public async Task Finishing_WhenPasskeysAreOff_AnswersPasskeysDisabled()
    {
        var session = await Api.NewSessionAsync("passkeys.off.finish");
        using (var register = await Api.SendAsync(HttpMethod.Post, "/users/me/passkeys", session.Token, new { name = "Phone", credential = new { id = "x" } }))
        {
            await Expect.ProblemAsync(register, HttpStatusCode.NotFound, "passkeys_disabled");
        }

        using (var rename = await Api.SendAsync(HttpMethod.Put, "/users/me/passkeys/0123456789abcdef0123456789abcdef", session.Token, new { name = "Phone" }))
        {
            await Expect.ProblemAsync(rename, HttpStatusCode.NotFound, "passkeys_disabled");
        }

        using var signIn = await Api.SendAsync(HttpMethod.Post, "/tokens/passkey", session.Token, new { credential = new { id = "x" } });
        await Expect.ProblemAsync(signIn, HttpStatusCode.NotFound, "passkeys_disabled");
    }
}
