using System.Runtime.Versioning;
using Ludmin.Domain.Users;
using Ludmin.Infrastructure.SecondFactor;
using Ludmin.Infrastructure.Settings;
using Microsoft.Extensions.Hosting;
using Moq;

namespace Ludmin.UnitTests.Infrastructure;

public sealed class SecondFactorKeyTests : IDisposable
{
    private const string Setting = "Ludmin:SecondFactor:EncryptionKey";
    private readonly string _root = Path.Combine(Path.GetTempPath(), "ludmin-unit-" + Guid.NewGuid().ToString("N"));

    private string DataDirectory => Path.Combine(_root, "data");

    private string KeyFile => Path.Combine(DataDirectory, "second-factor-key");

    [Test]
    public void Resolve_WhenAKeyIsConfigured_UsesItAndWritesNothing()
    {
        var text = SecondFactorKey.NewText();

        var key = SecondFactorKey.Resolve(new SecondFactorOptions { EncryptionKey = text }, Environment(Environments.Production), DataDirectory);

        Assert.That(SecondFactorKey.TryParse(text, out var same), Is.True);
        Assert.That(key.Id, Is.EqualTo(same!.Id));
        Assert.That(Opens(key, same), Is.True, "the configured bytes are the key");
        Assert.That(Directory.Exists(DataDirectory), Is.False);
    }

    [TestCase("Production")]
    [TestCase("Development")]
    public void Resolve_WhenTheConfiguredKeyIsNot32BytesOfBase64_RefusesNamingTheSetting(string environment)
    {
        foreach (var bad in new[] { Convert.ToBase64String(new byte[31]), Convert.ToBase64String(new byte[33]), "not base64 at all!", new string('k', 44) })
        {
            Assert.That(
                () => SecondFactorKey.Resolve(new SecondFactorOptions { EncryptionKey = bad }, Environment(environment), DataDirectory),
                Throws.InvalidOperationException.With.Message.Contains(Setting), bad);
        }
    }

    [TestCase("Production")]
    [TestCase("Staging")]
    [TestCase("Testing")]
    public void Resolve_WhenNoKeyIsSetOutsideDevelopment_RefusesNamingTheSetting(string environment)
    {
        Assert.That(
            () => SecondFactorKey.Resolve(new SecondFactorOptions(), Environment(environment), DataDirectory),
            Throws.InvalidOperationException.With.Message.Contains(Setting));
        Assert.That(File.Exists(KeyFile), Is.False);
    }

    [Test]
    public void Resolve_WhenNoKeyIsSetInDevelopment_CreatesAKeyFileAndReusesItAfterwards()
    {
        var first = SecondFactorKey.Resolve(new SecondFactorOptions(), Environment(Environments.Development), DataDirectory);
        var second = SecondFactorKey.Resolve(new SecondFactorOptions(), Environment(Environments.Development), DataDirectory);

        Assert.Multiple(() =>
        {
            Assert.That(SecondFactorKey.TryParse(File.ReadAllText(KeyFile), out _), Is.True);
            Assert.That(Opens(first, second), Is.True, "a restart opens what was sealed before it");
            Assert.That(Directory.GetFiles(DataDirectory), Is.EqualTo(new[] { KeyFile }), "no temporary file is left behind");
        });
    }

    [Test]
    [UnsupportedOSPlatform("windows")]
    public void Resolve_WhenItCreatesTheDevelopmentKeyFile_MakesItReadableByItsOwnerOnly()
    {
        SecondFactorKey.Resolve(new SecondFactorOptions(), Environment(Environments.Development), DataDirectory);

        Assert.That(File.GetUnixFileMode(KeyFile), Is.EqualTo(UnixFileMode.UserRead | UnixFileMode.UserWrite));
    }

    [Test]
    public void Resolve_WhenTheDevelopmentKeyFileIsDamaged_RefusesAndLeavesItAsItIs()
    {
        Directory.CreateDirectory(DataDirectory);
        File.WriteAllText(KeyFile, "short");

        Assert.That(
            () => SecondFactorKey.Resolve(new SecondFactorOptions(), Environment(Environments.Development), DataDirectory),
            Throws.InvalidOperationException.With.Message.Contains(KeyFile));
        Assert.That(File.ReadAllText(KeyFile), Is.EqualTo("short"));
    }

    [Test]
    public void Validation_WhenTheKeyOrIssuerIsWrong_NamesEachSetting()
    {
        var validation = new SecondFactorOptionsValidation();

        Assert.Multiple(() =>
        {
            Assert.That(validation.Validate(null, new SecondFactorOptions()).Succeeded, Is.True, "no key is the resolver's business");
            Assert.That(validation.Validate(null, new SecondFactorOptions { EncryptionKey = SecondFactorKey.NewText() }).Succeeded, Is.True);
            Assert.That(validation.Validate(null, new SecondFactorOptions { EncryptionKey = "c2hvcnQ=" }).FailureMessage, Does.Contain(Setting));
            Assert.That(validation.Validate(null, new SecondFactorOptions { Issuer = "a:b" }).FailureMessage, Does.Contain("Ludmin:SecondFactor:Issuer"));
            Assert.That(validation.Validate(null, new SecondFactorOptions { Issuer = " " }).FailureMessage, Does.Contain("Ludmin:SecondFactor:Issuer"));
        });
    }

    public void Dispose()
    {
        if (Directory.Exists(_root))
        {
            Directory.Delete(_root, recursive: true);
        }
    }

    private static bool Opens(SecondFactorKey sealing, SecondFactorKey opening)
    {
        var owner = UserId.New();
        var sealedSecret = new AesGcmSecretSealer(sealing).Seal([1, 2, 3], owner);
        return new AesGcmSecretSealer(opening).Unseal(sealedSecret, owner).SequenceEqual(new byte[] { 1, 2, 3 });
    }

    private static IHostEnvironment Environment(string name) => Mock.Of<IHostEnvironment>(e => e.EnvironmentName == name);
}
