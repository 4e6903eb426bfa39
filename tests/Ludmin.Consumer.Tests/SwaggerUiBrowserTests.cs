using System.Text.Json.Nodes;
using Ludmin.Consumer.Tests.Support;
using OpenQA.Selenium;
using OpenQA.Selenium.Chrome;

namespace Ludmin.Consumer.Tests;

/// <summary>
/// Swagger UI as an API consumer uses it, in a real headless Chromium against Ludmin on a real
/// port: every operation is listed, and "Try it out" with the Authorize button walks from a
/// public token to reading /users/me.
/// </summary>
[NonParallelizable]
public sealed class SwaggerUiBrowserTests
{
    private const string Password = "correct horse battery";

    private static readonly string[] OperationIds =
    [
        "IssuePublicToken", "Login", "RefreshToken", "Logout", "RegisterUser",
        "ListUsers", "GetUser", "UpdateProfile", "DeleteUser", "RequestReset", "CompleteReset",
    ];

    private ConsumerFactory _factory = null!;
    private ChromeDriver _driver = null!;
    private Uri _baseAddress = null!;

    [OneTimeSetUp]
    public void Start()
    {
        _factory = new ConsumerFactory();
        _baseAddress = _factory.StartOnKestrel();
        _driver = Browser.Start();
    }

    [OneTimeTearDown]
    public void Stop()
    {
        _driver?.Quit();
        _driver?.Dispose();
        _factory?.Dispose();
    }

    [TearDown]
    public void KeepScreenshot()
    {
        // The page as the test left it, kept with the test results (pass or fail).
        var path = Path.Combine(TestContext.CurrentContext.WorkDirectory, $"swagger-ui-{TestContext.CurrentContext.Test.MethodName}.png");
        _driver.GetScreenshot().SaveAsFile(path);
        TestContext.AddTestAttachment(path, "Swagger UI at the end of the test");
    }

    [Test]
    public void SwaggerUi_ListsEveryOperation()
    {
        _driver.Navigate().GoToUrl(new Uri(_baseAddress, "/swagger/index.html"));
        _driver.WaitFor(By.CssSelector(".opblock"));

        var listed = _driver.FindElements(By.CssSelector(".opblock")).Select(block => block.GetAttribute("id")).ToList();

        foreach (var operationId in OperationIds)
        {
            Assert.That(listed, Has.Some.EndsWith("-" + operationId), operationId);
        }
    }

    [Test]
    public void TryItOut_WithAuthorize_RegistersLogsInAndReadsMe()
    {
        _driver.Navigate().GoToUrl(new Uri(_baseAddress, "/swagger/index.html"));
        var email = $"swagger.{Guid.NewGuid():N}@example.com";

        var publicToken = Execute("IssuePublicToken", body: """{ "device_id": "0123456789abcdef0123456789abcdef" }""", expectedStatus: "200");
        Authorize(publicToken["token"]!.GetValue<string>());

        Execute("RegisterUser", body: $$"""{ "full_name": "Swagger User", "email": "{{email}}", "password": "{{Password}}", "password_confirmation": "{{Password}}" }""", expectedStatus: "201");
        var login = Execute("Login", body: $$"""{ "email": "{{email}}", "password": "{{Password}}", "description": "Swagger UI" }""", expectedStatus: "201");
        Authorize(login["token"]!.GetValue<string>());

        var me = Execute("GetUser", pathParameters: new Dictionary<string, string> { ["id"] = "me" }, expectedStatus: "200");

        Assert.That(me["current_email"]!.GetValue<string>(), Is.EqualTo(email));
        Assert.That(me["devices"]![0]!["description"]!.GetValue<string>(), Is.EqualTo("Swagger UI"));
    }

    /// <summary>Opens an operation, presses "Try it out", fills it in, executes it and returns the response body.</summary>
    private JsonNode Execute(string operationId, string? body = null, Dictionary<string, string>? pathParameters = null, string expectedStatus = "200")
    {
        var block = _driver.WaitFor(By.CssSelector($"[id$='-{operationId}'].opblock"));
        if (!block.GetAttribute("class")!.Contains("is-open", StringComparison.Ordinal))
        {
            Click(block.FindElement(By.CssSelector(".opblock-summary")));
        }

        var tryItOut = _driver.WaitFor(By.CssSelector($"[id$='-{operationId}'].opblock .try-out__btn"));
        if (tryItOut.Text.Contains("Try it out", StringComparison.OrdinalIgnoreCase))
        {
            Click(tryItOut);
        }

        if (body is not null)
        {
            var textarea = _driver.WaitFor(By.CssSelector($"[id$='-{operationId}'].opblock textarea.body-param__text"));
            textarea.Clear();
            textarea.SendKeys(body);
        }

        foreach (var (name, value) in pathParameters ?? [])
        {
            var input = _driver.WaitFor(By.CssSelector($"[id$='-{operationId}'].opblock tr[data-param-name='{name}'] input"));
            input.Clear();
            input.SendKeys(value);
        }

        Click(_driver.WaitFor(By.CssSelector($"[id$='-{operationId}'].opblock button.execute")));
        var statusSelector = By.CssSelector($"[id$='-{operationId}'].opblock .live-responses-table .response .response-col_status");
        _driver.WaitUntil(d => d.FindElements(statusSelector).Any(e => e.Text.Trim().Length > 0));
        var status = _driver.FindElement(statusSelector).Text.Trim();
        var responseBody = _driver.FindElement(By.CssSelector($"[id$='-{operationId}'].opblock .live-responses-table .response-col_description pre")).Text;
        Assert.That(status, Is.EqualTo(expectedStatus), $"{operationId} answered {status}: {responseBody}");
        return JsonNode.Parse(responseBody)!;
    }

    /// <summary>The Authorize dialog: log out any earlier token, paste this one, close.</summary>
    private void Authorize(string token)
    {
        Click(_driver.WaitFor(By.CssSelector(".scheme-container button.authorize")));
        var dialog = _driver.WaitFor(By.CssSelector(".modal-ux"));
        var logout = dialog.FindElements(By.XPath(".//button[normalize-space()='Logout']")).FirstOrDefault();
        if (logout is not null)
        {
            Click(logout);
        }

        var input = _driver.WaitFor(By.CssSelector(".modal-ux .auth-container input"));
        input.Clear();
        input.SendKeys(token);
        Click(_driver.WaitFor(By.XPath("//div[contains(@class,'modal-ux')]//button[normalize-space()='Authorize']")));
        _driver.WaitFor(By.XPath("//div[contains(@class,'modal-ux')]//button[normalize-space()='Logout']"));
        Click(_driver.WaitFor(By.XPath("//div[contains(@class,'modal-ux')]//button[normalize-space()='Close']")));
        _driver.WaitUntil(d => d.FindElements(By.CssSelector(".modal-ux")).Count == 0);
    }

    private void Click(IWebElement element)
    {
        // Scrolled into the middle of the view, so no sticky header covers it.
        ((IJavaScriptExecutor)_driver).ExecuteScript("arguments[0].scrollIntoView({block: 'center'});", element);
        element.Click();
    }
}
