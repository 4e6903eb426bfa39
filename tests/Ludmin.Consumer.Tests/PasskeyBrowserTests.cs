using System.Buffers.Text;
using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Security.Cryptography;
using System.Text.Json.Nodes;
using Ludmin.Consumer.Tests.Passkeys;
using Ludmin.Consumer.Tests.Support;
using OpenQA.Selenium;
using OpenQA.Selenium.Chrome;
using OpenQA.Selenium.VirtualAuth;

namespace Ludmin.Consumer.Tests;

/// <summary>
/// Passkeys in a real browser: headless Chromium with WebDriver's virtual authenticator, a small
/// page at an origin of its own (allowed by <c>Ludmin:Passkeys:Origins</c> and CORS) that fetches
/// options from Ludmin on a real port, calls <c>navigator.credentials.create()</c> and
/// <c>get()</c>, and posts the browser's <c>toJSON()</c> back, as docs/api.md shows.
/// </summary>
[NonParallelizable]
public sealed class PasskeyBrowserTests
{
    private const string Password = "correct horse battery";

    private ConsumerFactory _factory = null!;
    private TestPageServer _page = null!;
    private ChromeDriver _driver = null!;
    private HttpClient _api = null!;
    private string? _authenticator;

    [OneTimeSetUp]
    public void Start()
    {
        var pagePort = TestPageServer.FreePort();
        var pageOrigin = $"http://localhost:{pagePort}";
        _factory = new ConsumerFactory(new Dictionary<string, string?>
        {
            ["Ludmin:Passkeys:RelyingPartyId"] = "localhost",
            ["Ludmin:Passkeys:RelyingPartyName"] = "Ludmin browser test",
            ["Ludmin:Passkeys:Origins:0"] = pageOrigin,
            ["Ludmin:Cors:AllowedOrigins:0"] = pageOrigin,
        });
        var apiAddress = _factory.StartOnKestrel();
        _api = new HttpClient { BaseAddress = apiAddress };
        _page = new TestPageServer(pagePort, apiAddress.ToString());
        _driver = Browser.Start();
        _driver.Navigate().GoToUrl(_page.Origin + "/");
        _driver.WaitFor(By.Id("status"));
        _driver.Manage().Timeouts().AsynchronousJavaScript = TimeSpan.FromSeconds(60);
    }

    [OneTimeTearDown]
    public void Stop()
    {
        _driver?.Quit();
        _driver?.Dispose();
        _page?.Dispose();
        _api?.Dispose();
        _factory?.Dispose();
    }

    [SetUp]
    public void AddAuthenticator() =>
        _authenticator = _driver.AddVirtualAuthenticator(new VirtualAuthenticatorOptions()
            .SetProtocol(VirtualAuthenticatorOptions.Protocol.CTAP2)
            .SetTransport(VirtualAuthenticatorOptions.Transport.INTERNAL)
            .SetHasResidentKey(true)
            .SetHasUserVerification(true)
            .SetIsUserVerified(true));

    [TearDown]
    public void RemoveAuthenticator()
    {
        var path = Path.Combine(TestContext.CurrentContext.WorkDirectory, $"passkeys-{TestContext.CurrentContext.Test.MethodName}.png");
        _driver.GetScreenshot().SaveAsFile(path);
        TestContext.AddTestAttachment(path, "The passkey test page at the end of the test");
        if (_authenticator is not null)
        {
            _driver.RemoveVirtualAuthenticator(_authenticator);
        }
    }

    [Test]
    public async Task RegisterSignOutThenSignInWithThePasskeyAlone_InTheBrowser()
    {
        var (userId, device, userToken) = await NewUserAsync("browser.passkey");

        var registered = Run("registerPasskey", userToken, "Virtual authenticator");
        Assert.That((int?)registered["status"], Is.EqualTo(201), registered.ToJsonString());
        Assert.That((string?)registered["body"]!["name"], Is.EqualTo("Virtual authenticator"));
        Assert.That(_driver.GetCredentials().Single().RpId, Is.EqualTo("localhost"));

        var signedOut = Run("api", "DELETE", $"/tokens/{device}", userToken);
        Assert.That((int?)signedOut["status"], Is.EqualTo(204), signedOut.ToJsonString());
        Assert.That((await GetMeAsync(userToken)).StatusCode, Is.EqualTo(HttpStatusCode.Unauthorized), "signed out");

        var laptop = await PublicTokenAsync();
        var signedIn = Run("signInWithPasskey", laptop);

        Assert.That((int?)signedIn["status"], Is.EqualTo(201), signedIn.ToJsonString());
        Assert.That((string?)signedIn["body"]!["type"], Is.EqualTo("login"));
        Assert.That((string?)signedIn["body"]!["user_id"], Is.EqualTo(userId));
        using var me = await GetMeAsync((string)signedIn["body"]!["token"]!);
        var profile = JsonNode.Parse(await me.Content.ReadAsStringAsync())!;
        Assert.That(me.StatusCode, Is.EqualTo(HttpStatusCode.OK));
        Assert.That(profile["devices"]!.AsArray().Select(d => (string?)d!["description"]), Does.Contain("Browser"));
        Assert.That((int?)profile["passkey_count"], Is.EqualTo(1));
    }

    [Test]
    public async Task SignIn_WithOnlyAPasskeyOfAnotherRelyingParty_Fails()
    {
        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        _driver.AddCredential(Credential.CreateResidentCredential(
            RandomNumberGenerator.GetBytes(16), "example.com", Base64Url.EncodeToString(key.ExportPkcs8PrivateKey()), RandomNumberGenerator.GetBytes(16), 0));
        var device = await PublicTokenAsync();

        var refused = Run("signInWithPasskey", device);

        Assert.That((string?)refused["error"], Is.EqualTo("NotAllowedError"), refused.ToJsonString());
        Assert.That(refused["body"], Is.Null, "no token");
    }

    /// <summary>Runs one step of the page in the browser and returns its JSON result.</summary>
    private JsonNode Run(string step, params object[] args)
    {
        var result = _driver.ExecuteAsyncScript("const done = arguments[arguments.length - 1]; window.ludmin(arguments[0], arguments[1], done);", step, args);
        return JsonNode.Parse((string)result!)!;
    }

    private async Task<string> PublicTokenAsync()
    {
        using var response = await _api.PostAsJsonAsync("/tokens/public", new { device_id = Guid.NewGuid().ToString("N") });
        return (string)(await response.Content.ReadFromJsonAsync<JsonNode>())!["token"]!;
    }

    private async Task<(string UserId, string DeviceId, string Token)> NewUserAsync(string prefix)
    {
        var email = $"{prefix}.{Guid.NewGuid():N}@example.com";
        var device = await PublicTokenAsync();
        using (var registered = await SendAsync(HttpMethod.Post, "/users", device, new { full_name = "Browser User", email, password = Password, password_confirmation = Password }))
        {
            Assert.That(registered.StatusCode, Is.EqualTo(HttpStatusCode.Created));
        }

        using var login = await SendAsync(HttpMethod.Post, "/tokens", device, new { email, password = Password, description = "Password login" });
        var body = (await login.Content.ReadFromJsonAsync<JsonNode>())!;
        return ((string)body["user_id"]!, (string)body["device_id"]!, (string)body["token"]!);
    }

    private Task<HttpResponseMessage> GetMeAsync(string token) => SendAsync(HttpMethod.Get, "/users/me", token, null);

    private async Task<HttpResponseMessage> SendAsync(HttpMethod method, string path, string token, object? body)
    {
        using var request = new HttpRequestMessage(method, path) { Content = body is null ? null : JsonContent.Create(body) };
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
        return await _api.SendAsync(request);
    }
}
