using System.Net;
using System.Security.Cryptography;
using System.Text.Json.Nodes;
using Ludmin.Api.Tests.Support;
using Microsoft.IdentityModel.Tokens;

namespace Ludmin.Api.Tests;

/// <summary>
/// GET /.well-known/jwks.json and /.well-known/openid-configuration: the public keys only, with
/// kid, alg and use; only the discovery fields true of Ludmin; anonymous, and cacheable for five
/// minutes where every other answer is no-store.
/// </summary>
public sealed class WellKnownTests
{
    private static readonly string NextPem = Infrastructure.Tokens.EcdsaKeyFile.NewPem();

    [Test]
    public async Task Jwks_WhenTheServerSignsEs256_PublishesEveryConfiguredKeysPublicPartOnly()
    {
        await using var server = new LudminFactory(new LudminFactoryOptions { Settings = WithNextKeyPublished() });

        using var response = await server.Api.GetAsync("/.well-known/jwks.json");

        var keys = (await Expect.JsonAsync(response, HttpStatusCode.OK))["keys"]!.AsArray();
        using var ours = ECDsa.Create();
        ours.ImportFromPem(TestTokens.EcPem);
        var point = ours.ExportParameters(includePrivateParameters: false).Q;
        using (Assert.EnterMultipleScope())
        {
            Assert.That(keys.Select(k => (string?)k!["kid"]), Is.EqualTo(new[] { TestTokens.EcKeyId, "next" }));
            Assert.That(keys.Select(k => Members(k!)), Is.All.EqualTo(new[] { "alg", "crv", "kid", "kty", "use", "x", "y" }), "no d, nor anything else");
            Assert.That(keys.Select(k => ((string?)k!["kty"], (string?)k["crv"], (string?)k["alg"], (string?)k["use"])), Is.All.EqualTo(("EC", "P-256", "ES256", "sig")));
            Assert.That((string?)keys[0]!["x"], Is.EqualTo(Base64UrlEncoder.Encode(point.X)));
            Assert.That((string?)keys[0]!["y"], Is.EqualTo(Base64UrlEncoder.Encode(point.Y)));
            Assert.That(response.Headers.CacheControl?.ToString(), Is.EqualTo("public, max-age=300"));
            Assert.That(response.Headers.Pragma, Is.Empty);
        }
    }

    [Test]
    public async Task Jwks_WhenTheServerSignsHs256_IsAnEmptySetAndNeverTheSecret()
    {
        await using var server = new LudminFactory();

        using var response = await server.Api.GetAsync("/.well-known/jwks.json");

        var body = await response.Content.ReadAsStringAsync();
        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.OK));
        Assert.That(JsonNode.Parse(body)!.ToJsonString(), Is.EqualTo("""{"keys":[]}"""));
        Assert.That(body, Does.Not.Contain(TestTokens.SigningKey[..16]));
    }

    [Test]
    public async Task Discovery_WhenAsked_NamesOnlyTheIssuerAndTheJwksUri()
    {
        await using var server = new LudminFactory(new LudminFactoryOptions { Settings = TestTokens.Es256Settings() });

        using var response = await server.Api.GetAsync("/.well-known/openid-configuration");

        var document = await Expect.JsonAsync(response, HttpStatusCode.OK);
        using (Assert.EnterMultipleScope())
        {
            Assert.That(Members(document), Is.EqualTo(new[] { "issuer", "jwks_uri" }));
            Assert.That((string?)document["issuer"], Is.EqualTo(TestTokens.Issuer));
            Assert.That((string?)document["jwks_uri"], Is.EqualTo("http://localhost/.well-known/jwks.json"));
            Assert.That(response.Headers.CacheControl?.ToString(), Is.EqualTo("public, max-age=300"));
        }
    }

    [Test]
    public async Task Discovery_WhenAPublicBaseUrlIsConfigured_NamesTheJwksThere()
    {
        var settings = TestTokens.Es256Settings();
        settings["Ludmin:Tokens:PublicBaseUrl"] = "https://auth.example.com/";
        await using var server = new LudminFactory(new LudminFactoryOptions { Settings = settings });

        using var response = await server.Api.GetAsync("/.well-known/openid-configuration");

        Assert.That((string?)(await Expect.JsonAsync(response, HttpStatusCode.OK))["jwks_uri"], Is.EqualTo("https://auth.example.com/.well-known/jwks.json"));
    }

    [Test]
    public async Task Discovery_WhenARequestNamesAnotherHost_StillNamesTheConfiguredAddress()
    {
        var settings = TestTokens.Es256Settings();
        settings["Ludmin:Tokens:PublicBaseUrl"] = "https://auth.example.com";
        await using var server = new LudminFactory(new LudminFactoryOptions { Settings = settings });
        using var request = new HttpRequestMessage(HttpMethod.Get, "/.well-known/openid-configuration");
        request.Headers.Host = "attacker.example";
        request.Headers.Add("X-Forwarded-Proto", "gopher");

        using var response = await server.Api.SendAsync(request);

        Assert.That((string?)(await Expect.JsonAsync(response, HttpStatusCode.OK))["jwks_uri"], Is.EqualTo("https://auth.example.com/.well-known/jwks.json"));
    }

    [TestCase("Testing")]
    [TestCase("Production")]
    public void Start_OutsideDevelopmentWithoutAPublicBaseUrl_IsRefusedNamingTheSetting(string environment)
    {
        var settings = TestTokens.Es256Settings();
        settings["Ludmin:Tokens:PublicBaseUrl"] = "";
        using var server = new LudminFactory(new LudminFactoryOptions { Environment = environment, Settings = settings });

        Assert.That(() => server.Server, Throws.InstanceOf<InvalidOperationException>().With.Message.Contains("Ludmin:Tokens:PublicBaseUrl is not set"));
    }

    [Test]
    public async Task Discovery_InDevelopmentWithoutAPublicBaseUrl_NamesTheJwksAtTheRequestsAddress()
    {
        await using var server = new LudminFactory(new LudminFactoryOptions { Environment = "Development", Settings = TestTokens.Es256Settings() });

        using var response = await server.Api.GetAsync("/.well-known/openid-configuration");

        Assert.That((string?)(await Expect.JsonAsync(response, HttpStatusCode.OK))["jwks_uri"], Is.EqualTo("http://localhost/.well-known/jwks.json"));
    }

    [TestCase("auth.example.com")]
    [TestCase("ftp://auth.example.com")]
    [TestCase("https://auth.example.com/?next=elsewhere")]
    public void Start_WhenThePublicBaseUrlIsNotAnHttpAddress_IsRefusedNamingTheSetting(string value)
    {
        var settings = TestTokens.Es256Settings();
        settings["Ludmin:Tokens:PublicBaseUrl"] = value;
        using var server = new LudminFactory(new LudminFactoryOptions { Settings = settings });

        Assert.That(() => server.Server, Throws.Exception.With.Message.Contains("Ludmin:Tokens:PublicBaseUrl must be an absolute http or https address"));
    }

    [TestCase("/.well-known/jwks.json")]
    [TestCase("/.well-known/openid-configuration")]
    public async Task WellKnown_WhenPostedTo_IsRefusedAndNotCacheable(string path)
    {
        await using var server = new LudminFactory(new LudminFactoryOptions { Settings = TestTokens.Es256Settings() });

        using var response = await server.Api.PostAsync(path, null);

        await Expect.ProblemAsync(response, HttpStatusCode.MethodNotAllowed, "method_not_allowed");
        Assert.That(response.Headers.CacheControl?.NoStore, Is.True);
    }

    [Test]
    public async Task Rotation_WhenANewKeyIsPublishedThenSignsThenTheOldIsRetired_NobodyIsLoggedOutUntilTheOldKeysTokensCannotRefresh()
    {
        // Step 0: one key signs.
        await using var before = new LudminFactory(new LudminFactoryOptions { Settings = TestTokens.Es256Settings() });
        var session = await new LudminApi(before).NewSessionAsync("rotation");
        Assert.That(TestTokens.Read(session.Token).Kid, Is.EqualTo(TestTokens.EcKeyId));

        // Step 1: the next key is published, the old one still signs; step 2: the next one signs, the old one is only published.
        await using var published = SecondInstance(before, WithNextKeyPublished());
        await using var switched = SecondInstance(before, new Dictionary<string, string?>
        {
            ["Ludmin:Tokens:Algorithm"] = "ES256",
            ["Ludmin:Tokens:Keys:0:Id"] = TestTokens.EcKeyId,
            ["Ludmin:Tokens:Keys:0:Pem"] = TestTokens.EcPem,
            ["Ludmin:Tokens:Keys:0:Signing"] = "false",
            ["Ludmin:Tokens:Keys:1:Id"] = "next",
            ["Ludmin:Tokens:Keys:1:Pem"] = NextPem,
        });
        Assert.That(TestTokens.Read((await new LudminApi(published).PublicTokenAsync()).Token).Kid, Is.EqualTo(TestTokens.EcKeyId), "a published key does not sign yet");

        using (var me = await new LudminApi(switched).SendAsync(HttpMethod.Get, "/users/me", session.Token))
        {
            await Expect.JsonAsync(me, HttpStatusCode.OK);
        }

        using var refresh = await new LudminApi(switched).SendAsync(HttpMethod.Get, $"/tokens/{session.DeviceId}", session.Token);
        var refreshed = LudminApi.ToToken(await Expect.JsonAsync(refresh, HttpStatusCode.OK));
        Assert.That(TestTokens.Read(refreshed.Token).Kid, Is.EqualTo("next"));
        using (var onTheOldInstance = await new LudminApi(published).SendAsync(HttpMethod.Get, "/users/me", refreshed.Token))
        {
            await Expect.JsonAsync(onTheOldInstance, HttpStatusCode.OK);
        }

        // Step 3, once AccessTokenLifetime + RefreshWindow have passed: the old key is removed, its tokens are refused.
        await using var retired = SecondInstance(before, new Dictionary<string, string?>
        {
            ["Ludmin:Tokens:Algorithm"] = "ES256",
            ["Ludmin:Tokens:Keys:0:Id"] = "next",
            ["Ludmin:Tokens:Keys:0:Pem"] = NextPem,
        });
        using (var old = await new LudminApi(retired).SendAsync(HttpMethod.Get, $"/tokens/{session.DeviceId}", session.Token))
        {
            await Expect.ProblemAsync(old, HttpStatusCode.Unauthorized, "token_invalid");
        }

        using var current = await new LudminApi(retired).SendAsync(HttpMethod.Get, "/users/me", refreshed.Token);
        await Expect.JsonAsync(current, HttpStatusCode.OK);
    }

    private static LudminFactory SecondInstance(LudminFactory first, IReadOnlyDictionary<string, string?> settings) =>
        new(new LudminFactoryOptions { DataDirectory = first.DataDirectory, Settings = settings });

    private static Dictionary<string, string?> WithNextKeyPublished()
    {
        var settings = TestTokens.Es256Settings();
        settings["Ludmin:Tokens:Keys:1:Id"] = "next";
        settings["Ludmin:Tokens:Keys:1:Pem"] = NextPem;
        settings["Ludmin:Tokens:Keys:1:Signing"] = "false";
        return settings;
    }

    private static string[] Members(JsonNode node) => [.. node.AsObject().Select(p => p.Key).Order(StringComparer.Ordinal)];
}
