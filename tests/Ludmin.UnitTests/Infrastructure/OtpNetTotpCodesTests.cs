using System.Web;
using Ludmin.Domain.Common;
using Ludmin.Domain.SecondFactors;
using Ludmin.Domain.Users;
using Ludmin.Infrastructure.SecondFactor;
using Microsoft.Extensions.Options;
using OtpNet;

namespace Ludmin.UnitTests.Infrastructure;

/// <summary>
/// Our TOTP against the RFC's own vectors and an independent implementation: the 6-digit vectors
/// below were made with Debian's python3-pyotp 2.6 (<c>pyotp.TOTP(secret).at(time)</c>), and
/// <see cref="PyotpCrossCheckTests"/> compares fresh random cases with it live.
/// </summary>
public sealed class OtpNetTotpCodesTests
{
    /// <summary>RFC 6238 Appendix B's SHA-1 seed: the ASCII of "12345678901234567890".</summary>
    private const string RfcSecretBase32 = "GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ";

    private readonly OtpNetTotpCodes _codes = new(Options.Create(new SecondFactorOptions()));

    private static DateTimeOffset At(long unixSeconds) => DateTimeOffset.FromUnixTimeSeconds(unixSeconds);

    [TestCase(59L, "94287082")]
    [TestCase(1111111109L, "07081804")]
    [TestCase(1111111111L, "14050471")]
    [TestCase(1234567890L, "89005924")]
    [TestCase(2000000000L, "69279037")]
    [TestCase(20000000000L, "65353130")]
    public void CodeAt_WhenGivenRfc6238AppendixBSha1Vectors_GivesTheirEightDigitCodes(long unixSeconds, string expected) =>
        Assert.That(OtpNetTotpCodes.CodeAt("12345678901234567890"u8.ToArray(), At(unixSeconds), digits: 8), Is.EqualTo(expected));

    [TestCase(RfcSecretBase32, 59L, "287082")]
    [TestCase(RfcSecretBase32, 1111111109L, "081804")]
    [TestCase(RfcSecretBase32, 1111111111L, "050471")]
    [TestCase(RfcSecretBase32, 1234567890L, "005924")]
    [TestCase(RfcSecretBase32, 2000000000L, "279037")]
    [TestCase(RfcSecretBase32, 20000000000L, "353130")]
    [TestCase(RfcSecretBase32, 1700000000L, "921300")]
    [TestCase(RfcSecretBase32, 1765152000L, "899755")]
    [TestCase("JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP", 59L, "503347")]
    [TestCase("JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP", 1111111109L, "088309")]
    [TestCase("JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP", 1111111111L, "474382")]
    [TestCase("JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP", 1234567890L, "401544")]
    [TestCase("JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP", 2000000000L, "978524")]
    [TestCase("JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP", 20000000000L, "890933")]
    [TestCase("JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP", 1700000000L, "406058")]
    [TestCase("JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP", 1765152000L, "939346")]
    [TestCase("KRUGS4ZANFZSAYJAORSXG5BAONSWG4TF", 59L, "796858")]
    [TestCase("KRUGS4ZANFZSAYJAORSXG5BAONSWG4TF", 1111111109L, "596343")]
    [TestCase("KRUGS4ZANFZSAYJAORSXG5BAONSWG4TF", 1111111111L, "465467")]
    [TestCase("KRUGS4ZANFZSAYJAORSXG5BAONSWG4TF", 1234567890L, "701136")]
    [TestCase("KRUGS4ZANFZSAYJAORSXG5BAONSWG4TF", 2000000000L, "573185")]
    [TestCase("KRUGS4ZANFZSAYJAORSXG5BAONSWG4TF", 20000000000L, "161180")]
    [TestCase("KRUGS4ZANFZSAYJAORSXG5BAONSWG4TF", 1700000000L, "348728")]
    [TestCase("KRUGS4ZANFZSAYJAORSXG5BAONSWG4TF", 1765152000L, "845781")]
    public void MatchStep_WhenGivenPyotpsCodeForAMoment_MatchesThatMomentsStep(string secretBase32, long unixSeconds, string pyotpCode)
    {
        var secret = Base32Encoding.ToBytes(secretBase32);

        Assert.That(_codes.MatchStep(secret, pyotpCode, At(unixSeconds)), Is.EqualTo(unixSeconds / 30));
        Assert.That(OtpNetTotpCodes.CodeAt(secret, At(unixSeconds)), Is.EqualTo(pyotpCode));
    }

    [TestCase(-1)]
    [TestCase(0)]
    [TestCase(1)]
    public void MatchStep_WhenTheCodeIsOneStepEitherSide_MatchesItsOwnStep(int offset)
    {
        var secret = Base32Encoding.ToBytes(RfcSecretBase32);
        var now = At(1_234_567_890);
        var code = OtpNetTotpCodes.CodeAt(secret, now.AddSeconds(30 * offset));

        Assert.That(_codes.MatchStep(secret, code, now), Is.EqualTo(OtpNetTotpCodes.StepOf(now) + offset));
    }

    [TestCase(-2)]
    [TestCase(2)]
    [TestCase(10)]
    public void MatchStep_WhenTheCodeIsTwoOrMoreStepsAway_MatchesNothing(int offset)
    {
        var secret = Base32Encoding.ToBytes(RfcSecretBase32);
        var now = At(1_234_567_890);

        Assert.That(_codes.MatchStep(secret, OtpNetTotpCodes.CodeAt(secret, now.AddSeconds(30 * offset)), now), Is.Null);
    }

    [Test]
    public void MatchStepThenPassTotp_WhenTheSameCodeComesTwice_AcceptsItOnce()
    {
        var secret = Base32Encoding.ToBytes(RfcSecretBase32);
        var now = At(1_234_567_890);
        var factors = ActiveFactors(OtpNetTotpCodes.StepOf(now) - 5, now);
        var code = OtpNetTotpCodes.CodeAt(secret, now);

        factors = factors.PassTotp(_codes.MatchStep(secret, code, now)!.Value);
        var again = _codes.MatchStep(secret, code, now.AddSeconds(10));

        Assert.That(again, Is.Not.Null, "the code is still inside the window");
        Assert.That(() => factors.PassTotp(again!.Value), Throws.InstanceOf<DomainException>().With.Property(nameof(DomainException.Error)).EqualTo(Errors.SecondFactorInvalid));
    }

    [Test]
    public void MatchStepThenPassTotp_WhenAnOlderCodeInTheWindowComesAfterANewerOne_RefusesIt()
    {
        var secret = Base32Encoding.ToBytes(RfcSecretBase32);
        var now = At(1_234_567_890);
        var factors = ActiveFactors(OtpNetTotpCodes.StepOf(now) - 5, now);

        factors = factors.PassTotp(_codes.MatchStep(secret, OtpNetTotpCodes.CodeAt(secret, now), now)!.Value);
        var older = _codes.MatchStep(secret, OtpNetTotpCodes.CodeAt(secret, now.AddSeconds(-30)), now);

        Assert.That(older, Is.EqualTo(OtpNetTotpCodes.StepOf(now) - 1), "the previous step's code is inside the window");
        Assert.That(() => factors.PassTotp(older!.Value), Throws.InstanceOf<DomainException>());
        Assert.That(factors.PassTotp(_codes.MatchStep(secret, OtpNetTotpCodes.CodeAt(secret, now.AddSeconds(30)), now)!.Value).Totp!.LastAcceptedStep, Is.EqualTo(OtpNetTotpCodes.StepOf(now) + 1), "a later step still passes");
    }

    [TestCase("287 082")]
    [TestCase(" 287082 ")]
    public void MatchStep_WhenTheDigitsAreSpacedAsAppsShowThem_Matches(string typed) =>
        Assert.That(_codes.MatchStep(Base32Encoding.ToBytes(RfcSecretBase32), typed, At(59)), Is.EqualTo(1));

    [TestCase(null)]
    [TestCase("")]
    [TestCase("28708")]
    [TestCase("2870820")]
    [TestCase("94287082")]
    [TestCase("28708a")]
    [TestCase("287-082")]
    [TestCase("２８７０８２")]
    [TestCase("+287082")]
    [TestCase("287082                          ")]
    public void MatchStep_WhenTheCodeIsNotSixDigits_MatchesNothing(string? typed) =>
        Assert.That(_codes.MatchStep(Base32Encoding.ToBytes(RfcSecretBase32), typed!, At(59)), Is.Null);

    [Test]
    public void MatchStep_WhenTheSecretIsAnother_MatchesNothing() =>
        Assert.That(_codes.MatchStep(Base32Encoding.ToBytes("JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP"), "287082", At(59)), Is.Null);

    [Test]
    public void NewSecret_WhenCalled_Gives160RandomBitsInBase32AndAnOtpauthUri()
    {
        var first = _codes.NewSecret(EmailAddress.Create("Ada+totp@Example.com"));
        var second = _codes.NewSecret(EmailAddress.Create("Ada+totp@Example.com"));

        var uri = new Uri(first.OtpauthUri);
        var query = HttpUtility.ParseQueryString(uri.Query);
        Assert.Multiple(() =>
        {
            Assert.That(first.Key, Has.Length.EqualTo(20));
            Assert.That(Base32Encoding.ToBytes(first.Base32), Is.EqualTo(first.Key));
            Assert.That(first.Base32, Does.Match("^[A-Z2-7]{32}$"));
            Assert.That(second.Key, Is.Not.EqualTo(first.Key));
            Assert.That(uri.Scheme, Is.EqualTo("otpauth"));
            Assert.That(uri.Host, Is.EqualTo("totp"));
            Assert.That(Uri.UnescapeDataString(uri.AbsolutePath.TrimStart('/')), Is.EqualTo("Ludmin:Ada+totp@Example.com"));
            Assert.That(query["secret"], Is.EqualTo(first.Base32));
            Assert.That(query["issuer"], Is.EqualTo("Ludmin"));
            Assert.That(query["algorithm"], Is.EqualTo("SHA1"));
            Assert.That(query["digits"], Is.EqualTo("6"));
            Assert.That(query["period"], Is.EqualTo("30"));
            Assert.That(first.ToString(), Does.Not.Contain(first.Base32));
        });
    }

    [Test]
    public void NewSecret_WhenTheIssuerIsConfigured_NamesItInTheLabelAndTheParameter()
    {
        var codes = new OtpNetTotpCodes(Options.Create(new SecondFactorOptions { Issuer = "Acme Accounts" }));

        var uri = codes.NewSecret(EmailAddress.Create("ada@example.com")).OtpauthUri;

        Assert.That(uri, Does.StartWith("otpauth://totp/Acme%20Accounts:ada%40example.com?"));
        Assert.That(uri, Does.Contain("issuer=Acme%20Accounts"));
    }

    private static SecondFactorSet ActiveFactors(long confirmedStep, DateTimeOffset now) =>
        SecondFactorSet.None
            .BeginTotpEnrolment(SealedSecret.FromStored([1]), now)
            .ActivateTotp(confirmedStep, RecoveryCodes.Issue(Enumerable.Range(0, RecoveryCodes.SetSize).Select(i => $"h{i}")), now);
}
