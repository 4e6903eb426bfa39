using System.Runtime.Versioning;
using System.Text;
using Ludmin.Infrastructure.Tokens;
using Microsoft.Extensions.Hosting;
using Moq;

namespace Ludmin.UnitTests.Infrastructure;

public sealed class SigningKeyTests : IDisposable
{
    private readonly string _root = Path.Combine(Path.GetTempPath(), "ludmin-unit-" + Guid.NewGuid().ToString("N"));

    private string DataDirectory => Path.Combine(_root, "data");

    private string KeyFile => Path.Combine(DataDirectory, "signing-key");

    [Test]
    public void Resolve_WhenKeyIsConfigured_UsesItsUtf8Bytes()
    {
        const string configured = "0123456789abcdef0123456789abcdef";

        var key = SigningKey.Resolve(new TokenOptions { SigningKey = configured }, Environment(Environments.Production), DataDirectory);

        Assert.That(key.Key.Key, Is.EqualTo(Encoding.UTF8.GetBytes(configured)));
        Assert.That(Directory.Exists(DataDirectory), Is.False, "a configured key writes nothing");
    }

    [Test]
    public void Resolve_WhenKeyIsThirtyTwoBytesInFewerCharacters_Accepts()
    {
        var elevenEuros = new string('€', 11);

        Assert.That(Encoding.UTF8.GetByteCount(elevenEuros), Is.EqualTo(33));
        Assert.That(() => SigningKey.Resolve(new TokenOptions { SigningKey = elevenEuros }, Environment(Environments.Production), DataDirectory), Throws.Nothing);
    }

    [TestCase("Production")]
    [TestCase("Development")]
    public void Resolve_WhenKeyIsShorterThanThirtyTwoBytes_RefusesNamingTheSetting(string environment) =>
        Assert.That(
            () => SigningKey.Resolve(new TokenOptions { SigningKey = new string('k', SigningKey.MinimumBytes - 1) }, Environment(environment), DataDirectory),
            Throws.InvalidOperationException.With.Message.Contains("Ludmin:Tokens:SigningKey").And.Message.Contains("31 bytes"));

    [TestCase("Production")]
    [TestCase("Staging")]
    [TestCase("Testing")]
    public void Resolve_WhenKeyIsMissingOutsideDevelopment_RefusesNamingTheSetting(string environment)
    {
        Assert.That(
            () => SigningKey.Resolve(new TokenOptions(), Environment(environment), DataDirectory),
            Throws.InvalidOperationException.With.Message.Contains("Ludmin:Tokens:SigningKey"));
        Assert.That(File.Exists(KeyFile), Is.False);
    }

    [Test]
    public void Resolve_WhenKeyIsMissingInDevelopment_CreatesAKeyFileAndReusesItAfterwards()
    {
        var first = SigningKey.Resolve(new TokenOptions(), Environment(Environments.Development), DataDirectory);
        var second = SigningKey.Resolve(new TokenOptions(), Environment(Environments.Development), DataDirectory);

        Assert.That(File.Exists(KeyFile), Is.True);
        Assert.Multiple(() =>
        {
            Assert.That(first.Key.Key, Has.Length.GreaterThanOrEqualTo(SigningKey.MinimumBytes));
            Assert.That(first.Key.Key, Is.EqualTo(Encoding.UTF8.GetBytes(File.ReadAllText(KeyFile))));
            Assert.That(second.Key.Key, Is.EqualTo(first.Key.Key));
            Assert.That(Directory.GetFiles(DataDirectory), Is.EqualTo(new[] { KeyFile }), "no temporary file is left behind");
        });
    }

    [Test]
    public void Resolve_WhenDevelopmentDataFoldersDiffer_GivesDifferentKeys()
    {
        var first = SigningKey.Resolve(new TokenOptions(), Environment(Environments.Development), DataDirectory);
        var second = SigningKey.Resolve(new TokenOptions(), Environment(Environments.Development), Path.Combine(_root, "other"));

        Assert.That(second.Key.Key, Is.Not.EqualTo(first.Key.Key));
    }

    [Test]
    public void Resolve_WhenTheDevelopmentKeyFileHoldsTooShortAKey_ReplacesIt()
    {
        Directory.CreateDirectory(DataDirectory);
        File.WriteAllText(KeyFile, "short");

        var key = SigningKey.Resolve(new TokenOptions(), Environment(Environments.Development), DataDirectory);

        Assert.That(key.Key.Key, Has.Length.GreaterThanOrEqualTo(SigningKey.MinimumBytes));
        Assert.That(File.ReadAllText(KeyFile), Is.Not.EqualTo("short"));
    }

    [Test]
    [UnsupportedOSPlatform("windows")]
    public void Resolve_WhenItCreatesTheDevelopmentKeyFile_MakesItReadableByItsOwnerOnly()
    {
        SigningKey.Resolve(new TokenOptions(), Environment(Environments.Development), DataDirectory);

        Assert.That(File.GetUnixFileMode(KeyFile), Is.EqualTo(UnixFileMode.UserRead | UnixFileMode.UserWrite));
    }

    public void Dispose()
    {
        if (Directory.Exists(_root))
        {
            Directory.Delete(_root, recursive: true);
        }
    }

    private static IHostEnvironment Environment(string name) => Mock.Of<IHostEnvironment>(e => e.EnvironmentName == name);
}
