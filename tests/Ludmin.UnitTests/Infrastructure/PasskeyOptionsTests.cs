using Ludmin.Application.Common.Options;
using Ludmin.Infrastructure.Passkeys;
using Ludmin.Infrastructure.Settings;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.FileProviders;
using Microsoft.Extensions.Hosting;

namespace Ludmin.UnitTests.Infrastructure;

/// <summary><c>Ludmin:Passkeys</c>: what a relying party and its origins must look like, and what Development fills in.</summary>
public sealed class PasskeyOptionsTests
{
    [Test]
    public void Validate_WhenNothingIsSet_AcceptsAndPasskeysAreOff()
    {
        var options = new PasskeyOptions();

        Assert.That(new PasskeyOptionsValidation().Validate(null, options).Succeeded, Is.True);
        Assert.That(options.Enabled, Is.False);
    }

    [TestCase("https://app.example.com")]
    [TestCase("https://example.com")]
    [TestCase("https://example.com:8443")]
    public void Validate_WhenTheOriginIsOnTheDomain_Accepts(string origin) =>
        Assert.That(new PasskeyOptionsValidation().Validate(null, With("example.com", origin)).Succeeded, Is.True);

    [TestCase("example.com", "http://app.example.com", "https")]
    [TestCase("example.com", "https://example.org", "example.com")]
    [TestCase("example.com", "https://notexample.com", "example.com")]
    [TestCase("example.com", "https://app.example.com/login", "no path")]
    [TestCase("https://example.com", "https://example.com", "RelyingPartyId")]
    [TestCase("example.com:443", "https://example.com", "RelyingPartyId")]
    public void Validate_WhenTheRelyingPartyOrAnOriginIsWrong_RefusesNamingIt(string rp, string origin, string named)
    {
        var result = new PasskeyOptionsValidation().Validate(null, With(rp, origin));

        Assert.That(result.Failed, Is.True);
        Assert.That(result.FailureMessage, Does.Contain(named));
    }

    [Test]
    public void Validate_WhenOriginsAreSetWithoutARelyingParty_Refuses() =>
        Assert.That(new PasskeyOptionsValidation().Validate(null, With(null, "https://example.com")).Failed, Is.True);

    [Test]
    public void DevelopmentDefaults_AreLocalhostAndTheApisOwnAddresses()
    {
        var options = new PasskeyOptions();

        Defaults(Environments.Development, "http://+:5080;https://localhost:5443").PostConfigure(null, options);

        Assert.That(options.RelyingPartyId, Is.EqualTo("localhost"));
        Assert.That(options.Origins, Is.EqualTo(new[] { "http://localhost:5080", "https://localhost:5443" }));
        Assert.That(new PasskeyOptionsValidation().Validate(null, options).Succeeded, Is.True);
    }

    [Test]
    public void DevelopmentDefaults_ElsewhereFillInNothing()
    {
        var options = new PasskeyOptions();

        Defaults(Environments.Production, "http://+:5080").PostConfigure(null, options);

        Assert.That(options.Enabled, Is.False);
    }

    [Test]
    public void DevelopmentDefaults_KeepWhatIsConfigured()
    {
        var options = With("example.com", "https://app.example.com");

        Defaults(Environments.Development, "http://+:5080").PostConfigure(null, options);

        Assert.That((options.RelyingPartyId, options.Origins.Single()), Is.EqualTo(("example.com", "https://app.example.com")));
    }

    private static PasskeyOptions With(string? rp, string origin)
    {
        var options = new PasskeyOptions { RelyingPartyId = rp };
        options.Origins.Add(origin);
        return options;
    }

    private static PasskeyDevelopmentDefaults Defaults(string environment, string urls) =>
        new(new Environment(environment), new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?> { ["urls"] = urls }).Build());

    private sealed class Environment(string name) : IHostEnvironment
    {
        public string EnvironmentName { get; set; } = name;

        public string ApplicationName { get; set; } = "Ludmin.Api";

        public string ContentRootPath { get; set; } = "/";

        public IFileProvider ContentRootFileProvider { get; set; } = new NullFileProvider();
    }
}
