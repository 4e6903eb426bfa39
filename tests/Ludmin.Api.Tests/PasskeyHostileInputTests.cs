using System.Buffers.Text;
using System.Net;
using System.Text;
using System.Text.Json.Nodes;
using Ludmin.Api.Tests.Support;

namespace Ludmin.Api.Tests;

/// <summary>
/// The passkey endpoints fed what an attacker or a broken client sends: the API's own members
/// (name, description) wrong in every way, and WebAuthn's <c>credential</c> member broken at every
/// level a parser meets (not an object, no response, ids and client data that are not base64url
/// or not JSON, a challenge that is not a string, attestation and signature bytes that are not
/// CBOR or DER, huge and deep values), each to a live challenge where that matters so the library
/// itself is reached. Each gets a 4xx problem with a code, never a 500, echoes nothing it was
/// sent, and leaves the passkeys as they were (a challenge answered, rightly or not, is spent).
/// </summary>
public sealed class PasskeyHostileInputTests : ApiTestBase
{
    private const string EchoMarker = "ludmin-echo-marker";

    private UserSession _session = null!;
    private SoftwareAuthenticator _registered = null!;

    protected override LudminFactoryOptions FactoryOptions => new() { Settings = Passkeys.Settings };

    /// <summary>Ways to break a registration answer, applied to a real one.</summary>
    public static IEnumerable<TestCaseData> RegistrationBreaks() => Breaks(registration: true);

    /// <summary>Ways to break a sign-in answer, applied to a real one.</summary>
    public static IEnumerable<TestCaseData> AssertionBreaks() => Breaks(registration: false);

    /// <summary>Bodies wrong in the API's own members or in their shape, with the answer each gets.</summary>
    public static IEnumerable<TestCaseData> BodyCases()
    {
        foreach (var path in new[] { "/users/me/passkeys", "/tokens/passkey" })
        {
            var bad = path == "/users/me/passkeys" ? "passkey_registration_invalid" : "passkey_invalid";
            var badStatus = path == "/users/me/passkeys" ? HttpStatusCode.BadRequest : HttpStatusCode.Unauthorized;
            var name = path == "/users/me/passkeys" ? "\"name\": \"Phone\", " : string.Empty;
            yield return Case(path, "malformed JSON", """{"credential": {"id": """, HttpStatusCode.BadRequest, "validation_failed");
            yield return Case(path, "an empty object", "{}", HttpStatusCode.BadRequest, "validation_failed");
            yield return Case(path, "credential null", With(name, "null"), HttpStatusCode.BadRequest, "validation_failed");
            yield return Case(path, "credential a string", With(name, "\"" + EchoMarker + "\""), badStatus, bad);
            yield return Case(path, "credential a number", With(name, "12345"), badStatus, bad);
            yield return Case(path, "credential an array", With(name, "[1, 2]"), badStatus, bad);
            yield return Case(path, "credential an operator object", With(name, "{\"$ne\": null}"), badStatus, bad);
            yield return Case(path, "credential nested too deep", With(name, new string('[', 64) + new string(']', 64)), HttpStatusCode.BadRequest, "validation_failed");
            yield return Case(path, "an unknown member beside credential", With(name, "{}, \"is_master\": true"), HttpStatusCode.BadRequest, "validation_failed");
            yield return Case(path, "credential over the body limit", With(name, "{\"id\": \"" + new string('A', 20_000) + "\"}"), HttpStatusCode.RequestEntityTooLarge, "payload_too_large");
        }

        var registration = "/users/me/passkeys";
        yield return Case(registration, "name missing", """{"credential": {}}""", HttpStatusCode.BadRequest, "validation_failed");
        yield return Case(registration, "name a number", """{"name": 5, "credential": {}}""", HttpStatusCode.BadRequest, "validation_failed");
        yield return Case(registration, "name an operator object", """{"name": {"$gt": ""}, "credential": {}}""", HttpStatusCode.BadRequest, "validation_failed");
        yield return Case(registration, "name of 65 characters", "{\"name\": \"" + new string('n', 65) + "\", \"credential\": {}}", HttpStatusCode.BadRequest, "validation_failed");
        yield return Case(registration, "name with a control character", """{"name": "a\u0001b", "credential": {}}""", HttpStatusCode.BadRequest, "validation_failed");
        yield return Case("/tokens/passkey", "description of 5000 characters", "{\"credential\": {}, \"description\": \"" + new string('d', 5000) + "\"}", HttpStatusCode.BadRequest, "validation_failed");
        yield return Case("/tokens/passkey", "description with a lone surrogate", """{"credential": {}, "description": "a\ud800b"}""", HttpStatusCode.BadRequest, "validation_failed");
    }

    [OneTimeSetUp]
    public async Task CreateCallersAsync()
    {
        _session = await Api.NewSessionAsync("passkey.hostile");
        _registered = new SoftwareAuthenticator(Passkeys.Origin);
        await Api.RegisterPasskeyAsync(_session.Token, _registered);
    }

    [OneTimeTearDown]
    public void DisposeAuthenticator() => _registered.Dispose();

    [TestCaseSource(nameof(BodyCases))]
    public async Task Send_WhenTheBodyIsHostile_AnswersAProblemAndChangesNothing(string path, string body, HttpStatusCode status, string code)
    {
        var token = path == "/tokens/passkey" ? (await Api.PublicTokenAsync()).Token : _session.Token;
        await ExpectRefusedAsync(path, token, new StringContent(body, Encoding.UTF8, "application/json"), status, code);
    }

    [TestCaseSource(nameof(RegistrationBreaks))]
    public async Task Register_WhenTheAnswerIsBroken_IsRefusedWithoutAServerError(string name, Action<JsonObject> breakIt)
    {
        using var authenticator = new SoftwareAuthenticator(Passkeys.Origin);
        var credential = authenticator.Register(await Api.CreationOptionsAsync(_session.Token));
        breakIt(credential);
        var body = new JsonObject { ["name"] = "Phone", ["credential"] = credential }.ToJsonString();

        await ExpectRefusedAsync("/users/me/passkeys", _session.Token, new StringContent(body, Encoding.UTF8, "application/json"), null, null);
    }

    [TestCaseSource(nameof(AssertionBreaks))]
    public async Task SignIn_WhenTheAnswerIsBroken_IsRefusedWithoutAServerError(string name, Action<JsonObject> breakIt)
    {
        var device = await Api.PublicTokenAsync();
        var credential = _registered.Assert(await Api.RequestOptionsAsync(device.Token));
        breakIt(credential);
        var body = new JsonObject { ["credential"] = credential, ["description"] = "Hostile" }.ToJsonString();

        await ExpectRefusedAsync("/tokens/passkey", device.Token, new StringContent(body, Encoding.UTF8, "application/json"), null, null);
    }

    private static IEnumerable<TestCaseData> Breaks(bool registration)
    {
        var blob = registration ? "attestationObject" : "signature";
        var cases = new (string Name, Action<JsonObject> Break)[]
        {
            ("no response", c => c.Remove("response")),
            ("response a string", c => c["response"] = EchoMarker),
            ("rawId not base64url", c => c["rawId"] = "!!" + EchoMarker + "!!"),
            ("rawId of 2000 bytes", c => c["rawId"] = Base64Url.EncodeToString(new byte[2000])),
            ("rawId and id different", c => c["id"] = Base64Url.EncodeToString(new byte[32])),
            ("clientDataJSON not base64url", c => c["response"]!["clientDataJSON"] = "%%" + EchoMarker),
            ("clientDataJSON not JSON", c => c["response"]!["clientDataJSON"] = Base64Url.EncodeToString(Encoding.UTF8.GetBytes("not json " + EchoMarker))),
            ("clientDataJSON an array", c => c["response"]!["clientDataJSON"] = Base64Url.EncodeToString("[1,2,3]"u8)),
            ("challenge a number", c => c["response"]!["clientDataJSON"] = ClientDataWith(c, d => d["challenge"] = 42)),
            ("challenge an operator object", c => c["response"]!["clientDataJSON"] = ClientDataWith(c, d => d["challenge"] = new JsonObject { ["$ne"] = null })),
            ("type swapped", c => c["response"]!["clientDataJSON"] = ClientDataWith(c, d => d["type"] = registration ? "webauthn.get" : "webauthn.create")),
            ($"{blob} not base64url", c => c["response"]![blob] = "**" + EchoMarker),
            ($"{blob} random bytes", c => c["response"]![blob] = Base64Url.EncodeToString(Encoding.UTF8.GetBytes(EchoMarker + new string('x', 200)))),
            ($"{blob} empty", c => c["response"]![blob] = ""),
            ($"{blob} a CBOR map of garbage", c => c["response"]![blob] = Base64Url.EncodeToString([0xa3, 0x63, 0x66, 0x6d, 0x74, 0x01, 0x02, 0x03, 0xff])),
            ("type not public-key", c => c["type"] = EchoMarker),
        };
        if (!registration)
        {
            // In a registration these members are extra ones a browser may add, and are not what is verified.
            cases = [
                .. cases,
                ("authenticatorData truncated", c => c["response"]!["authenticatorData"] = Base64Url.EncodeToString(new byte[10])),
                ("userHandle of another user", c => c["response"]!["userHandle"] = Base64Url.EncodeToString(new byte[16])),
            ];
        }

        foreach (var (name, breakIt) in cases)
        {
            yield return new TestCaseData(name, breakIt).SetArgDisplayNames(name);
        }
    }

    private static string ClientDataWith(JsonObject credential, Action<JsonObject> change)
    {
        var data = JsonNode.Parse(Base64Url.DecodeFromChars((string)credential["response"]!["clientDataJSON"]!))!.AsObject();
        change(data);
        return Base64Url.EncodeToString(Encoding.UTF8.GetBytes(data.ToJsonString()));
    }

    /// <summary>A body with the name member (or none) and <paramref name="credential"/> as the credential's raw JSON.</summary>
    private static string With(string name, string credential) => "{" + name + "\"credential\": " + credential + "}";

    private static TestCaseData Case(string path, string name, string body, HttpStatusCode status, string code) =>
        new TestCaseData(path, body, status, code).SetArgDisplayNames(path, name);

    /// <summary>A 4xx problem with a code (the given one, when given), nothing echoed, no passkey or device changed.</summary>
    private async Task ExpectRefusedAsync(string path, string token, HttpContent content, HttpStatusCode? status, string? code)
    {
        var before = await Api.StoreSnapshotExceptAsync("passkey_challenges");
        using var response = await Api.SendContentAsync(HttpMethod.Post, path, token, content);
        var answer = await response.Content.ReadAsStringAsync();

        Assert.That(answer, Does.Not.Contain(EchoMarker), "the answer echoes what was sent");
        Assert.That(answer, Does.Not.Contain("Ludmin.").And.Not.Contain("System."), "the answer names the server's types");
        if (status is { } expected)
        {
            await Expect.ProblemAsync(response, expected, code!);
        }
        else
        {
            var problem = await Expect.AnyProblemAsync(response);
            Assert.That((string?)problem["code"], Is.AnyOf("passkey_registration_invalid", "passkey_invalid", "passkey_challenge_invalid", "validation_failed"), answer);
        }

        Assert.That(await Api.StoreSnapshotExceptAsync("passkey_challenges"), Is.EqualTo(before), "the request changed the store");
    }
}
