using System.Runtime.Versioning;
using System.Security.Cryptography;
using Ludmin.Application.Common.Options;
using Ludmin.Domain.Users;
using Ludmin.Infrastructure.ResetCodes;
using Ludmin.Infrastructure.Tokens;
using Ludmin.UnitTests.Support;
using Microsoft.Extensions.Hosting;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;
using Moq;

namespace Ludmin.UnitTests.Infrastructure;

public sealed class TokenKeysTests : IDisposable
{
    private const string Secret = "a signing key of more than thirty-two bytes";
    private static readonly string PemA = EcdsaKeyFile.NewPem();
    private static readonly string PemB = EcdsaKeyFile.NewPem();

    private readonly string _root = Path.Combine(Path.GetTempPath(), "ludmin-unit-" + Guid.NewGuid().ToString("N"));

    private string DataDirectory => Path.Combine(_root, "data");

    private string DevelopmentKeyFile => Path.Combine(DataDirectory, "signing-key-es256.pem");

    [TestCase(null, true, false, "HS256")]
    [TestCase(null, false, false, "ES256")]
    [TestCase(null, false, true, "ES256")]
    [TestCase("", true, false, "HS256")]
    [TestCase("ES256", true, false, "ES256")]
    [TestCase("es256", false, false, "ES256")]
    [TestCase("HS256", false, true, "HS256")]
    [TestCase("HS256", true, true, "HS256")]
    [TestCase("ES256", true, true, "ES256")]
    public void ChooseAlgorithm_WhenConfigured_IsTheNamedOneOrFollowsTheKeysGiven(string? algorithm, bool secret, bool keys, string expected) =>
        Assert.That(TokenKeys.ChooseAlgorithm(Options(algorithm, secret ? Secret : null, keys ? [Key("a", PemA)] : [])), Is.EqualTo(expected));

    [Test]
    public void ChooseAlgorithm_WhenBothASecretAndKeysAreConfiguredWithoutAnAlgorithm_RefusesNamingTheSetting() =>
        Assert.That(() => TokenKeys.ChooseAlgorithm(Options(null, Secret, [Key("a", PemA)])), Throws.InvalidOperationException.With.Message.Contains("Ludmin:Tokens:Algorithm"));

    [TestCase("RS256")]
    [TestCase("none")]
    [TestCase("HS512")]
    public void ChooseAlgorithm_WhenTheAlgorithmIsNotOneOfOurs_Refuses(string algorithm) =>
        Assert.That(() => TokenKeys.ChooseAlgorithm(Options(algorithm, Secret, [])), Throws.InvalidOperationException.With.Message.Contains("ES256 or HS256"));

    [TestCase("Production")]
    [TestCase("Testing")]
    public void Resolve_WhenNoKeyIsConfiguredOutsideDevelopment_RefusesNamingTheSettings(string environment)
    {
        Assert.That(
            () => TokenKeys.Resolve(new TokenOptions(), Environment(environment), DataDirectory),
            Throws.InvalidOperationException.With.Message.Contains("Ludmin:Tokens:Keys:0:Id").And.Message.Contains("PemFile").And.Message.Contains("generate-key"));
        Assert.That(Directory.Exists(DataDirectory), Is.False, "nothing is generated outside Development");
    }

    [Test]
    public void Resolve_WhenNoKeyIsConfiguredInDevelopment_CreatesAP256KeyFileAndReusesIt()
    {
        var first = TokenKeys.Resolve(new TokenOptions(), Environment(Environments.Development), DataDirectory);
        var second = TokenKeys.Resolve(new TokenOptions(), Environment(Environments.Development), DataDirectory);

        using (Assert.EnterMultipleScope())
        {
            Assert.That(first.Algorithm, Is.EqualTo(TokenAlgorithms.Es256));
            Assert.That(File.ReadAllText(DevelopmentKeyFile), Does.StartWith("-----BEGIN PRIVATE KEY-----"));
            Assert.That(first.Published, Has.Count.EqualTo(1));
            Assert.That(second.Published, Is.EqualTo(first.Published), "the same key after a restart");
            Assert.That(first.SigningCredentials.Key.KeyId, Is.EqualTo(first.Published[0].Kid));
            Assert.That(Directory.GetFiles(DataDirectory), Is.EqualTo(new[] { DevelopmentKeyFile }), "no temporary file is left behind");
        }
    }

    [Test]
    [UnsupportedOSPlatform("windows")]
    public void Resolve_WhenItCreatesTheDevelopmentKeyFile_MakesItReadableByItsOwnerOnly()
    {
        TokenKeys.Resolve(new TokenOptions(), Environment(Environments.Development), DataDirectory);

        Assert.That(File.GetUnixFileMode(DevelopmentKeyFile), Is.EqualTo(UnixFileMode.UserRead | UnixFileMode.UserWrite));
    }

    [Test]
    public void Resolve_WhenKeysAreConfigured_PublishesEachPublicPartOnlyAndSignsWithTheSigningOne()
    {
        var keys = TokenKeys.Resolve(Options("ES256", null, [Key("old", PemA, signing: false), Key("new", PemB)]), Environment(Environments.Production), DataDirectory);

        using var b = ECDsa.Create();
        b.ImportFromPem(PemB);
        var point = b.ExportParameters(includePrivateParameters: false).Q;
        using (Assert.EnterMultipleScope())
        {
            Assert.That(keys.Published.Select(k => k.Kid), Is.EqualTo(new[] { "old", "new" }));
            Assert.That(keys.Published[1], Is.EqualTo(new PublishedKey("new", Base64UrlEncoder.Encode(point.X), Base64UrlEncoder.Encode(point.Y))));
            Assert.That(keys.Published.Select(k => (k.Kty, k.Crv, k.Alg, k.Use)), Is.All.EqualTo(("EC", "P-256", "ES256", "sig")));
            Assert.That(keys.SigningCredentials.Key.KeyId, Is.EqualTo("new"));
            Assert.That(keys.SigningCredentials.Algorithm, Is.EqualTo(SecurityAlgorithms.EcdsaSha256));
            Assert.That(keys.ForKeyId("old").Select(k => k.KeyId), Is.EqualTo(new[] { "old" }));
            Assert.That(keys.ForKeyId("unknown"), Is.Empty);
            Assert.That(keys.ForKeyId("NEW"), Is.Empty, "key ids compare exactly");
            Assert.That(keys.ForKeyId(null), Is.Empty, "an ES256 token must name its key");
        }
    }

    [Test]
    public void Resolve_WhenHs256_PublishesNothing()
    {
        var keys = TokenKeys.Resolve(Options(null, Secret, []), Environment(Environments.Production), DataDirectory);

        Assert.That(keys.Algorithm, Is.EqualTo(TokenAlgorithms.Hs256));
        Assert.That(keys.Published, Is.Empty);
        Assert.That(keys.ForKeyId("anything").Count(), Is.EqualTo(1), "HS256 tokens carry no kid, so any kid (or none) is checked against the one shared key");
    }

    [Test]
    public void Resolve_WhenTheKeyComesFromAFile_ReadsItRelativeToTheContentRoot()
    {
        Directory.CreateDirectory(_root);
        EcdsaKeyFile.WriteNew(Path.Combine(_root, "key.pem"), PemA);

        var keys = TokenKeys.Resolve(Options("ES256", null, [new TokenKeyOptions { Id = "k1", PemFile = "key.pem" }]), Environment(Environments.Production, _root), DataDirectory);

        Assert.That(keys.Published.Single().Kid, Is.EqualTo("k1"));
    }

    [Test]
    public void Resolve_WhenTheKeyFileIsMissing_RefusesNamingTheSetting() =>
        Assert.That(
            () => TokenKeys.Resolve(Options("ES256", null, [new TokenKeyOptions { Id = "k1", PemFile = "missing.pem" }]), Environment(Environments.Production, _root), DataDirectory),
            Throws.InvalidOperationException.With.Message.Contains("Ludmin:Tokens:Keys:0:PemFile"));

    [TestCase(0)]
    [TestCase(2)]
    public void Resolve_WhenNotExactlyOneKeySigns_RefusesNamingTheSetting(int signing)
    {
        var options = Options("ES256", null, [Key("a", PemA, signing: signing >= 1), Key("b", PemB, signing: signing >= 2)]);

        Assert.That(() => TokenKeys.Resolve(options, Environment(Environments.Production), DataDirectory), Throws.InvalidOperationException.With.Message.Contains("exactly one must sign"));
    }

    [Test]
    public void Resolve_WhenAPublishedOnlyKeyIsPublic_AcceptsItButNotAsTheSigningKey()
    {
        using var b = ECDsa.Create();
        b.ImportFromPem(PemB);
        var publicPem = b.ExportSubjectPublicKeyInfoPem();

        var keys = TokenKeys.Resolve(Options("ES256", null, [Key("a", PemA), Key("b", publicPem, signing: false)]), Environment(Environments.Production), DataDirectory);

        Assert.That(keys.Published.Select(k => k.Kid), Is.EqualTo(new[] { "a", "b" }));
        Assert.That(
            () => TokenKeys.Resolve(Options("ES256", null, [Key("b", publicPem)]), Environment(Environments.Production), DataDirectory),
            Throws.InvalidOperationException.With.Message.Contains("needs its private part"));
    }

    [Test]
    public void Resolve_WhenTheKeyIsNotP256_Refuses()
    {
        using var p384 = ECDsa.Create(ECCurve.NamedCurves.nistP384);

        Assert.That(
            () => TokenKeys.Resolve(Options("ES256", null, [Key("a", p384.ExportPkcs8PrivateKeyPem())]), Environment(Environments.Production), DataDirectory),
            Throws.InvalidOperationException.With.Message.Contains("not a P-256 key"));
    }

    [Test]
    public void Resolve_WhenThePemIsNotAnEcKey_RefusesWithoutQuotingIt()
    {
        using var rsa = RSA.Create(2048);
        var pem = rsa.ExportPkcs8PrivateKeyPem();

        var failure = Assert.Throws<InvalidOperationException>(() => TokenKeys.Resolve(Options("ES256", null, [Key("a", pem)]), Environment(Environments.Production), DataDirectory));

        Assert.That(failure!.ToString(), Does.Contain("Ludmin:Tokens:Keys:0").And.Not.Contain(pem.Split('\n')[1]));
    }

    [TestCase("")]
    [TestCase("has space")]
    [TestCase("quote\"")]
    public void Resolve_WhenAKeyIdIsNotPlain_RefusesNamingTheSetting(string id) =>
        Assert.That(
            () => TokenKeys.Resolve(Options("ES256", null, [Key(id, PemA)]), Environment(Environments.Production), DataDirectory),
            Throws.InvalidOperationException.With.Message.Contains("Ludmin:Tokens:Keys:0:Id"));

    [Test]
    public void Resolve_WhenTwoKeysShareAnId_Refuses() =>
        Assert.That(
            () => TokenKeys.Resolve(Options("ES256", null, [Key("a", PemA), Key("a", PemB, signing: false)]), Environment(Environments.Production), DataDirectory),
            Throws.InvalidOperationException.With.Message.Contains("more than one key"));

    [Test]
    public async Task Issue_WhenEs256_NamesTheSigningKeyAndVerifiesWithTheConfiguredKeysOnly()
    {
        var options = Options("ES256", null, [Key("old", PemA, signing: false), Key("new", PemB)]);
        var keys = TokenKeys.Resolve(options, Environment(Environments.Production), DataDirectory);
        var clock = TestData.Clock();
        var token = new JwtTokenIssuer(Microsoft.Extensions.Options.Options.Create(options), keys, clock).IssuePublic(DeviceId.New()).Token;
        var parameters = TokenValidation.CreateParameters(options, keys, clock, acceptExpiredWithinRefreshWindow: false);

        var header = new JsonWebToken(token);
        var accepted = await new JsonWebTokenHandler().ValidateTokenAsync(token, parameters);
        var withoutTheSigner = TokenKeys.Resolve(Options("ES256", null, [Key("old", PemA)]), Environment(Environments.Production), DataDirectory);
        var refused = await new JsonWebTokenHandler().ValidateTokenAsync(token, TokenValidation.CreateParameters(options, withoutTheSigner, clock, false));

        using (Assert.EnterMultipleScope())
        {
            Assert.That(header.Alg, Is.EqualTo("ES256"));
            Assert.That(header.Kid, Is.EqualTo("new"));
            Assert.That(accepted.IsValid, Is.True, accepted.Exception?.Message);
            Assert.That(refused.IsValid, Is.False, "a kid no configured key has is refused");
        }
    }

    [Test]
    public void ResetCodes_WhenTheEs256SigningKeyDiffers_HashDifferently()
    {
        var a = TokenKeys.Resolve(Options("ES256", null, [Key("a", PemA)]), Environment(Environments.Production), DataDirectory);
        var b = TokenKeys.Resolve(Options("ES256", null, [Key("a", PemB)]), Environment(Environments.Production), DataDirectory);
        var again = TokenKeys.Resolve(Options("ES256", null, [Key("other-id", PemA)]), Environment(Environments.Production), DataDirectory);

        Assert.That(Protector(a).Hash("482913"), Is.Not.EqualTo(Protector(b).Hash("482913")));
        Assert.That(Protector(again).Hash("482913"), Is.EqualTo(Protector(a).Hash("482913")), "the key, not its id, keys the codes");
    }

    public void Dispose()
    {
        if (Directory.Exists(_root))
        {
            Directory.Delete(_root, recursive: true);
        }
    }

    private static HmacResetCodeProtector Protector(TokenKeys keys) => new(keys, Microsoft.Extensions.Options.Options.Create(new ResetCodeOptions()));

    private static TokenOptions Options(string? algorithm, string? secret, List<TokenKeyOptions> keys) =>
        new() { Algorithm = algorithm, SigningKey = secret, Keys = keys };

    private static TokenKeyOptions Key(string id, string pem, bool signing = true) => new() { Id = id, Pem = pem, Signing = signing };

    private static IHostEnvironment Environment(string name, string? contentRoot = null) =>
        Mock.Of<IHostEnvironment>(e => e.EnvironmentName == name && e.ContentRootPath == (contentRoot ?? Path.GetTempPath()));
}
