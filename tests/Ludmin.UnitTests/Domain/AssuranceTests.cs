using Ludmin.Domain.SecondFactors;

namespace Ludmin.UnitTests.Domain;

public sealed class AssuranceTests
{
    [Test]
    public void PasswordOnly_WhenRead_IsLevelOneWithPwd()
    {
        Assert.That((int)Assurance.PasswordOnly.Level, Is.EqualTo(1));
        Assert.That(Assurance.PasswordOnly.Methods.Select(m => m.Value), Is.EqualTo(new[] { "pwd" }));
        Assert.That(Assurance.PasswordOnly.IsMultiFactor, Is.False);
    }

    [Test]
    public void PasswordAnd_WhenTotp_IsLevelTwoWithPwdOtpAndMfa()
    {
        var assurance = Assurance.PasswordAnd(SecondFactorKind.Totp);

        Assert.That((int)assurance.Level, Is.EqualTo(2));
        Assert.That(assurance.Methods.Select(m => m.Value), Is.EqualTo(new[] { "pwd", "otp", "mfa" }));
        Assert.That(assurance.IsMultiFactor, Is.True);
    }

    [Test]
    public void PasswordAnd_WhenARecoveryCode_IsLevelTwoWithPwdRcAndMfa() =>
        Assert.That(Assurance.PasswordAnd(SecondFactorKind.RecoveryCode).Methods.Select(m => m.Value), Is.EqualTo(new[] { "pwd", "rc", "mfa" }));

    [Test]
    public void AuthenticationMethods_WhenListed_AreTheRfc8176ValuesAndOursForRecoveryCodes() =>
        Assert.That(AuthenticationMethod.All.Select(m => m.Value), Is.EquivalentTo(new[] { "pwd", "otp", "mfa", "rc", "hwk" }));

    [Test]
    public void PasskeyAlone_IsLevelTwoWithHwkAndMfa_AndIsReadBackFromItsClaims()
    {
        Assert.That(Assurance.PasskeyAlone.IsMultiFactor, Is.True);
        Assert.That(Assurance.PasskeyAlone.Methods.Select(m => m.Value), Is.EqualTo(new[] { "hwk", "mfa" }));
        Assert.That(Assurance.TryRestore(2, ["hwk", "mfa"], out var restored), Is.True);
        Assert.That(restored, Is.EqualTo(Assurance.PasskeyAlone));
    }

    [Test]
    public void TryRestore_WhenTheClaimsAreAShapeALoginMakes_GivesItBack()
    {
        Assert.That(Assurance.TryRestore(1, ["pwd"], out var single), Is.True);
        Assert.That(single, Is.EqualTo(Assurance.PasswordOnly));
        Assert.That(Assurance.TryRestore(2, ["pwd", "rc", "mfa"], out var multiple), Is.True);
        Assert.That(multiple, Is.EqualTo(Assurance.PasswordAnd(SecondFactorKind.RecoveryCode)));
    }

    [TestCase(2, new[] { "pwd" })]
    [TestCase(1, new[] { "pwd", "otp", "mfa" })]
    [TestCase(2, new[] { "otp", "pwd", "mfa" })]
    [TestCase(2, new[] { "pwd", "otp" })]
    [TestCase(3, new[] { "pwd", "otp", "mfa" })]
    [TestCase(1, new string[0])]
    [TestCase(1, new[] { "PWD" })]
    [TestCase(1, new[] { "hwk", "mfa" })]
    [TestCase(2, new[] { "hwk" })]
    public void TryRestore_WhenTheClaimsAreNoShapeALoginMakes_Refuses(int level, string[] methods) =>
        Assert.That(Assurance.TryRestore(level, methods, out _), Is.False);

    [Test]
    public void SecondFactorKind_WhenParsed_KnowsOnlyTheNamesClientsAreTold()
    {
        Assert.That(SecondFactorKind.TryParse("totp", out var totp) && totp == SecondFactorKind.Totp, Is.True);
        Assert.That(SecondFactorKind.TryParse("recovery_code", out var code) && code == SecondFactorKind.RecoveryCode, Is.True);
        Assert.That(SecondFactorKind.TryParse("TOTP", out _), Is.False);
        Assert.That(SecondFactorKind.TryParse(null, out _), Is.False);
    }
}
