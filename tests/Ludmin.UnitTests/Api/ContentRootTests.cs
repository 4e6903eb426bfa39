using Ludmin.Api.Hosting;

namespace Ludmin.UnitTests.Api;

public sealed class ContentRootTests
{
    private const string AppFolder = "/opt/ludmin/";

    [Test]
    public void Choose_WhenNothingNamesOne_IsTheAppsOwnFolder() =>
        Assert.That(ContentRoot.Choose([], _ => null, AppFolder), Is.EqualTo(AppFolder));

    [TestCase("--contentRoot=/srv/ludmin")]
    [TestCase("--contentroot")]
    [TestCase("/contentRoot")]
    public void Choose_WhenTheCommandLineNamesOne_LeavesItToTheHost(string argument) =>
        Assert.That(ContentRoot.Choose([argument, "/srv/ludmin"], _ => null, AppFolder), Is.Null);

    [TestCase("DOTNET_CONTENTROOT")]
    [TestCase("ASPNETCORE_CONTENTROOT")]
    public void Choose_WhenAnEnvironmentVariableNamesOne_LeavesItToTheHost(string variable) =>
        Assert.That(ContentRoot.Choose([], name => name == variable ? "." : null, AppFolder), Is.Null);

    [Test]
    public void Choose_WhenOnlyOtherArgumentsAreGiven_IsTheAppsOwnFolder() =>
        Assert.That(ContentRoot.Choose(["promote", "someone@example.com", "--urls=http://127.0.0.1:1"], _ => null, AppFolder), Is.EqualTo(AppFolder));
}
