using Ludmin.Api.Hosting;
using Microsoft.Extensions.Hosting;

namespace Ludmin.UnitTests.Api;

public sealed class LudminEnvironmentTests
{
    [TestCase("development", "Development")]
    [TestCase("testing", "Testing")]
    [TestCase("production", "Production")]
    [TestCase(" Production ", "Production")]
    public void FromLudminConfig_WhenSetToASeedValue_NamesTheEnvironment(string value, string expected) =>
        Assert.That(LudminEnvironment.FromLudminConfig(value), Is.EqualTo(expected));

    [TestCase(null)]
    [TestCase("")]
    [TestCase("   ")]
    public void FromLudminConfig_WhenNotSet_LeavesTheUsualRulesBe(string? value) =>
        Assert.That(LudminEnvironment.FromLudminConfig(value), Is.Null);

    [Test]
    public void FromLudminConfig_WhenSetToAnythingElse_RefusesNamingTheVariable()
    {
        var error = Assert.Throws<InvalidOperationException>(() => LudminEnvironment.FromLudminConfig("staging"));
        Assert.That(error!.Message, Does.Contain("LUDMIN_CONFIG"));
        Assert.That(Environments.Production, Is.EqualTo(LudminEnvironment.FromLudminConfig("production")));
    }
}
