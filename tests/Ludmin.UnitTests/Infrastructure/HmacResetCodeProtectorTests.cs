using System.Security.Cryptography;
using System.Text;
using Ludmin.Application.Common.Options;
using Ludmin.Infrastructure.ResetCodes;
using Ludmin.Infrastructure.Tokens;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;
using Moq;

namespace Ludmin.UnitTests.Infrastructure;

public sealed class HmacResetCodeProtectorTests
{
    private const string KeyA = "signing-key-a-0123456789abcdef0123456789";
    private const string KeyB = "signing-key-b-0123456789abcdef0123456789";

    [TestCase(4)]
    [TestCase(6)]
    [TestCase(8)]
    [TestCase(12)]
    public void NewCode_WhenConfiguredForSomeDigits_GivesExactlyThatManyAsciiDigits(int digits)
    {
        var protector = Protector(KeyA, digits);

        var codes = Enumerable.Range(0, 50).Select(_ => protector.NewCode()).ToList();

        Assert.That(codes, Has.All.Match($"^[0-9]{{{digits}}}$"));
    }

    [Test]
    public void NewCode_WhenCalledRepeatedly_DoesNotRepeatOneCode()
    {
        var protector = Protector(KeyA, 12);

        var codes = Enumerable.Range(0, 100).Select(_ => protector.NewCode()).ToList();

        Assert.That(codes, Is.Unique);
    }

    [Test]
    public void NewCode_WhenCalledOften_UsesEveryDigit()
    {
        var protector = Protector(KeyA, 6);

        var used = string.Concat(Enumerable.Range(0, 200).Select(_ => protector.NewCode())).Distinct();

        Assert.That(used, Is.EquivalentTo("0123456789"));
    }

    [Test]
    public void Seal_WhenOpenedWithTheSameKey_GivesTheCodeBackAndHoldsNoDigitsOfIt()
    {
        var protector = Protector(KeyA);

        var sealedCode = protector.Seal("482913");

        Assert.That(protector.Unseal(sealedCode), Is.EqualTo("482913"));
        Assert.That(sealedCode, Does.Not.Contain("482913"));
        Assert.That(protector.Seal("482913"), Is.Not.EqualTo(sealedCode), "a fresh nonce for every seal");
    }

    [Test]
    public void Unseal_WhenSealedUnderAnotherKeyOrNotASeal_IsNull()
    {
        var sealedCode = Protector(KeyA).Seal("482913");

        Assert.That(Protector(KeyB).Unseal(sealedCode), Is.Null);
        Assert.That(Protector(KeyA).Unseal("not a sealed code"), Is.Null);
        Assert.That(Protector(KeyA).Unseal(Convert.ToBase64String(new byte[40])), Is.Null);
    }

    [Test]
    public void Hash_WhenGivenTheSameCodeTwice_GivesTheSameLowercaseHexDigest()
    {
        var protector = Protector(KeyA);

        var hash = protector.Hash("482913");

        Assert.That(hash, Does.Match("^[0-9a-f]{64}$"));
        Assert.That(protector.Hash("482913"), Is.EqualTo(hash));
        Assert.That(Protector(KeyA).Hash("482913"), Is.EqualTo(hash), "another instance with the same key");
    }

    [Test]
    public void Hash_WhenSigningKeysDiffer_GivesDifferentHashes() =>
        Assert.That(Protector(KeyA).Hash("482913"), Is.Not.EqualTo(Protector(KeyB).Hash("482913")));

    [Test]
    public void Hash_WhenCalled_IsNeitherThePlainCodeNorItsUnkeyedDigest()
    {
        var hash = Protector(KeyA).Hash("482913");

        Assert.That(hash, Does.Not.Contain("482913"));
        Assert.That(hash, Is.Not.EqualTo(Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes("482913")))));
        Assert.That(hash, Is.Not.EqualTo(Convert.ToHexStringLower(HMACSHA256.HashData(Encoding.UTF8.GetBytes(KeyA), Encoding.UTF8.GetBytes("482913")))), "not keyed with the signing key itself");
    }

    [Test]
    public void Hash_WhenCodesDiffer_GivesDifferentHashes()
    {
        var protector = Protector(KeyA);

        Assert.That(protector.Hash("482913"), Is.Not.EqualTo(protector.Hash("482914")));
    }

    [TestCase("482913")]
    [TestCase(" 482913 ")]
    public void Matches_WhenCodeIsTheOneHashed_IsTrue(string offered)
    {
        var protector = Protector(KeyA);

        Assert.That(protector.Matches(offered, protector.Hash("482913")), Is.True);
    }

    [TestCase("482914")]
    [TestCase("48291")]
    [TestCase("4829130")]
    [TestCase("")]
    public void Matches_WhenCodeDiffers_IsFalse(string offered)
    {
        var protector = Protector(KeyA);

        Assert.That(protector.Matches(offered, protector.Hash("482913")), Is.False);
    }

    [Test]
    public void Matches_WhenHashWasMadeWithAnotherKey_IsFalse() =>
        Assert.That(Protector(KeyA).Matches("482913", Protector(KeyB).Hash("482913")), Is.False);

    [TestCase("")]
    [TestCase("not a hash")]
    public void Matches_WhenStoredHashIsMalformed_IsFalse(string stored) =>
        Assert.That(Protector(KeyA).Matches("482913", stored), Is.False);

    private static HmacResetCodeProtector Protector(string signingKey, int digits = 6)
    {
        var key = TokenKeys.Resolve(new TokenOptions { SigningKey = signingKey }, Mock.Of<IHostEnvironment>(e => e.EnvironmentName == Environments.Production), Path.GetTempPath());
        return new HmacResetCodeProtector(key, Options.Create(new ResetCodeOptions { Digits = digits }));
    }
}
