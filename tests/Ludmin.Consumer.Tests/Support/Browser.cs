using OpenQA.Selenium;
using OpenQA.Selenium.Chrome;
using OpenQA.Selenium.Support.UI;

namespace Ludmin.Consumer.Tests.Support;

/// <summary>
/// Debian's Chromium in headless mode, driven through Debian's ChromeDriver (no driver or
/// browser is downloaded). Without them the browser tests are skipped with the reason, unless
/// <c>LUDMIN_REQUIRE_BROWSER=1</c> (CI sets it), which makes their absence a failure.
/// </summary>
internal static class Browser
{
    public const string RequireVariable = "LUDMIN_REQUIRE_BROWSER";
    private const string ChromiumPath = "/usr/bin/chromium";
    private const string ChromeDriverPath = "/usr/bin/chromedriver";

    public static ChromeDriver Start()
    {
        if (!File.Exists(ChromiumPath) || !File.Exists(ChromeDriverPath))
        {
            var reason = $"Chromium and ChromeDriver are not installed ({ChromiumPath}, {ChromeDriverPath}): run .ci/install, or apt-get install chromium chromium-driver.";
            if (Environment.GetEnvironmentVariable(RequireVariable) == "1")
            {
                Assert.Fail(reason);
            }

            Assert.Ignore(reason);
        }

        var options = new ChromeOptions { BinaryLocation = ChromiumPath };
        options.AddArguments(
            "--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage", "--disable-quic",
            "--no-first-run", "--disable-background-networking", "--disable-component-update", "--disable-sync",
            "--window-size=1400,2000", $"--user-data-dir={Directory.CreateTempSubdirectory("ludmin-chromium-").FullName}");
        var service = ChromeDriverService.CreateDefaultService(Path.GetDirectoryName(ChromeDriverPath)!, Path.GetFileName(ChromeDriverPath));
        service.SuppressInitialDiagnosticInformation = true;
        service.HideCommandPromptWindow = true;
        return new ChromeDriver(service, options, TimeSpan.FromSeconds(60));
    }

    public static IWebElement WaitFor(this IWebDriver driver, By by, TimeSpan? timeout = null) =>
        new WebDriverWait(driver, timeout ?? TimeSpan.FromSeconds(30)).Until(d =>
        {
            var element = d.FindElements(by).FirstOrDefault();
            return element is { Displayed: true } ? element : null;
        });

    public static void WaitUntil(this IWebDriver driver, Func<IWebDriver, bool> condition, TimeSpan? timeout = null) =>
        new WebDriverWait(driver, timeout ?? TimeSpan.FromSeconds(30)).Until(condition);
}
