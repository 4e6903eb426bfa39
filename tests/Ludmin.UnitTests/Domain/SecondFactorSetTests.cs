using Ludmin.Domain.Common;
using Ludmin.Domain.SecondFactors;
using Ludmin.UnitTests.Support;
using Microsoft.Extensions.Time.Testing;
using NUnit.Framework.Constraints;

namespace Ludmin.UnitTests.Domain;

public sealed class SecondFactorSetTests
{
    private const long Step = 58_000_000;
    private static readonly SealedSecret First = SealedSecret.FromStored([1]);
    private static readonly SealedSecret Second = SealedSecret.FromStored([2]);

    private readonly FakeTimeProvider _clock = TestData.Clock();

    private static RecoveryCodes Codes(string prefix = "h") => RecoveryCodes.Issue(Enumerable.Range(0, RecoveryCodes.SetSize).Select(i => $"{prefix}{i}"));

    private SecondFactorSet Active() =>
        SecondFactorSet.None.BeginTotpEnrolment(First, _clock.GetUtcNow()).ActivateTotp(Step, Codes(), _clock.GetUtcNow());

    private static IResolveConstraint Refused(Error error) => Throws.InstanceOf<DomainException>().With.Property(nameof(DomainException.Error)).EqualTo(error);

    [Test]
    public void None_WhenAsked_HasNoFactorAndNothingToOfferAtLogin()
    {
        Assert.That(SecondFactorSet.None.HasActiveFactor, Is.False);
        Assert.That(SecondFactorSet.None.LoginFactors, Is.Empty);
    }

    [Test]
    public void BeginTotpEnrolment_WhenAPendingOneExists_ReplacesIt()
    {
        var first = SecondFactorSet.None.BeginTotpEnrolment(First, _clock.GetUtcNow());
        _clock.Advance(TimeSpan.FromMinutes(3));

        var second = first.BeginTotpEnrolment(Second, _clock.GetUtcNow());

        Assert.Multiple(() =>
        {
            Assert.That(second.Totp!.Secret, Is.EqualTo(Second));
            Assert.That(second.Totp.State, Is.EqualTo(TotpFactorState.Pending));
            Assert.That(second.Totp.PendingUntil, Is.EqualTo(TestData.Now + TimeSpan.FromMinutes(13)), "the ten minutes start again");
            Assert.That(second.HasActiveFactor, Is.False);
        });
    }

    [Test]
    public void BeginTotpEnrolment_WhenAFactorIsActive_RefusesWithTotpAlreadyActive() =>
        Assert.That(() => Active().BeginTotpEnrolment(Second, _clock.GetUtcNow()), Refused(Errors.TotpAlreadyActive));

    [Test]
    public void ActivateTotp_WhenPending_MakesTheFactorActiveWithAFullSetOfCodes()
    {
        var active = Active();

        Assert.Multiple(() =>
        {
            Assert.That(active.HasActiveFactor, Is.True);
            Assert.That(active.RecoveryCodes.Left, Is.EqualTo(10));
            Assert.That(active.LoginFactors, Is.EqualTo(new[] { SecondFactorKind.Totp, SecondFactorKind.RecoveryCode }));
            Assert.That(active.LoginFactors.Select(k => k.Name), Is.EqualTo(new[] { "totp", "recovery_code" }));
        });
    }

    [Test]
    public void ActivateTotp_WhenNothingWasEnrolled_RefusesWithTotpCodeInvalid() =>
        Assert.That(() => SecondFactorSet.None.ActivateTotp(Step, Codes(), _clock.GetUtcNow()), Refused(Errors.TotpCodeInvalid));

    [Test]
    public void ActivateTotp_WhenThePendingEnrolmentExpired_RefusesWithTotpCodeInvalid()
    {
        var pending = SecondFactorSet.None.BeginTotpEnrolment(First, _clock.GetUtcNow());
        _clock.Advance(TimeSpan.FromMinutes(11));

        Assert.That(() => pending.ActivateTotp(Step, Codes(), _clock.GetUtcNow()), Refused(Errors.TotpCodeInvalid));
    }

    [Test]
    public void ActivateTotp_WhenTheCodesAreNotAFullSet_Throws()
    {
        var pending = SecondFactorSet.None.BeginTotpEnrolment(First, _clock.GetUtcNow());

        Assert.That(() => pending.ActivateTotp(Step, Codes().Use("h0"), _clock.GetUtcNow()), Throws.ArgumentException);
    }

    [Test]
    public void PassTotp_WhenTheStepMovesForward_PassesOnceOnly()
    {
        var passed = Active().PassTotp(Step + 1);

        Assert.That(passed.Totp!.LastAcceptedStep, Is.EqualTo(Step + 1));
        Assert.That(() => passed.PassTotp(Step + 1), Refused(Errors.SecondFactorInvalid));
        Assert.That(() => passed.PassTotp(Step), Refused(Errors.SecondFactorInvalid));
    }

    [Test]
    public void PassTotpAndUseRecoveryCode_WhenNoFactorIsActive_RefuseWithSecondFactorInvalid()
    {
        var pending = SecondFactorSet.None.BeginTotpEnrolment(First, _clock.GetUtcNow());

        Assert.That(() => pending.PassTotp(Step), Refused(Errors.SecondFactorInvalid));
        Assert.That(() => SecondFactorSet.None.UseRecoveryCode("h0"), Refused(Errors.SecondFactorInvalid));
    }

    [Test]
    public void UseRecoveryCode_WhenTheLastIsSpent_OffersOnlyTotpAtLogin()
    {
        var factors = Active();

        factors = Enumerable.Range(0, 10).Aggregate(factors, (set, i) => set.UseRecoveryCode($"h{i}"));

        Assert.That(factors.RecoveryCodes.Left, Is.Zero);
        Assert.That(factors.LoginFactors, Is.EqualTo(new[] { SecondFactorKind.Totp }));
        Assert.That(() => factors.UseRecoveryCode("h0"), Refused(Errors.SecondFactorInvalid));
    }

    [Test]
    public void ReplaceRecoveryCodes_WhenActive_VoidsEveryOldCode()
    {
        var replaced = Active().UseRecoveryCode("h0").ReplaceRecoveryCodes(Codes("new"));

        Assert.That(replaced.RecoveryCodes.Left, Is.EqualTo(10));
        Assert.That(() => replaced.UseRecoveryCode("h1"), Refused(Errors.SecondFactorInvalid));
        Assert.That(replaced.UseRecoveryCode("new1").RecoveryCodes.Left, Is.EqualTo(9));
    }

    [Test]
    public void ReplaceRecoveryCodes_WhenNoFactorIsActive_RefusesWithTotpNotEnrolled() =>
        Assert.That(() => SecondFactorSet.None.ReplaceRecoveryCodes(Codes()), Refused(Errors.TotpNotEnrolled));

    [Test]
    public void RemoveTotp_WhenActive_RemovesTheFactorAndItsRecoveryCodes()
    {
        var removed = Active().RemoveTotp();

        Assert.Multiple(() =>
        {
            Assert.That(removed.Totp, Is.Null);
            Assert.That(removed.RecoveryCodes.Left, Is.Zero);
            Assert.That(removed.HasActiveFactor, Is.False);
            Assert.That(removed.BeginTotpEnrolment(Second, _clock.GetUtcNow()).Totp!.State, Is.EqualTo(TotpFactorState.Pending), "a new phone can enrol");
        });
    }

    [Test]
    public void RemoveTotp_WhenNoneIsEnrolled_RefusesWithTotpNotEnrolled() =>
        Assert.That(() => SecondFactorSet.None.RemoveTotp(), Refused(Errors.TotpNotEnrolled));

    [Test]
    public void Restore_WhenRecoveryCodesStandWithoutAnActiveFactor_Throws()
    {
        var pending = TotpFactor.Enrol(First, _clock.GetUtcNow());

        Assert.That(() => SecondFactorSet.Restore(pending, Codes(), 1), Throws.ArgumentException);
        Assert.That(() => SecondFactorSet.Restore(totp: null, Codes(), 1), Throws.ArgumentException);
        Assert.That(SecondFactorSet.Restore(pending, RecoveryCodes.None, 1).Totp, Is.SameAs(pending));
    }
}
