using Ludmin.Api.Startup;

namespace Ludmin.UnitTests.Api;

/// <summary>The start log shows each bound address as a browser can reach it.</summary>
public sealed class StartupBannerTests
{
    [TestCase("http://localhost:5080", "http://localhost:5080")]
    [TestCase("http://127.0.0.1:5080/", "http://127.0.0.1:5080")]
    [TestCase("http://[::]:5080", "http://localhost:5080")]
    [TestCase("http://0.0.0.0:8080", "http://localhost:8080")]
    [TestCase("http://+:5080", "http://localhost:5080")]
    [TestCase("https://api.example.org", "https://api.example.org")]
    public void Browsable_GivenABoundAddress_IsWhereABrowserReachesIt(string bound, string expected) =>
        Assert.That(StartupBanner.Browsable(bound), Is.EqualTo(expected));
}
