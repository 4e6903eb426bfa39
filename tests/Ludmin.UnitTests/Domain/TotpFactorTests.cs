using Ludmin.Domain.Common;
using Ludmin.Domain.SecondFactors;
using Ludmin.UnitTests.Support;
using Microsoft.Extensions.Time.Testing;

namespace Ludmin.UnitTests.Domain;

public sealed class TotpFactorTests
{
    private const long Step = 58_000_000;
    private static readonly SealedSecret Secret = SealedSecret.FromStored([1, 2, 3, 4]);

    private readonly FakeTimeProvider _clock = TestData.Clock();

    private TotpFactor Active(long step = Step) => TotpFactor.Enrol(Secret, _clock.GetUtcNow()).Activate(step, _clock.GetUtcNow());

    [Test]
    public void Enrol_WhenCalled_IsPendingForTenMinutesWithNoStepAccepted()
    {
        var factor = TotpFactor.Enrol(Secret, _clock.GetUtcNow());

        Assert.Multiple(() =>
        {
            Assert.That(factor.State, Is.EqualTo(TotpFactorState.Pending));
            Assert.That(factor.IsActive, Is.False);
            Assert.That(factor.PendingUntil, Is.EqualTo(TestData.Now + TimeSpan.FromMinutes(10)));
            Assert.That(factor.LastAcceptedStep, Is.Null);
            Assert.That(factor.ActivatedAt, Is.Null);
            Assert.That(factor.Secret, Is.EqualTo(Secret));
        });
    }

    [Test]
    public void HasExpired_WhenTenMinutesHavePassed_IsTrueAndNotBefore()
    {
        var factor = TotpFactor.Enrol(Secret, _clock.GetUtcNow());

        _clock.Advance(TimeSpan.FromMinutes(10) - TimeSpan.FromMilliseconds(1));
        Assert.That(factor.HasExpired(_clock.GetUtcNow()), Is.False);

        _clock.Advance(TimeSpan.FromMilliseconds(1));
        Assert.That(factor.HasExpired(_clock.GetUtcNow()), Is.True);
    }

    [Test]
    public void Activate_WhenPendingAndInTime_IsActiveWithTheConfirmingStepAccepted()
    {
        var pending = TotpFactor.Enrol(Secret, _clock.GetUtcNow());
        _clock.Advance(TimeSpan.FromMinutes(9));

        var active = pending.Activate(Step, _clock.GetUtcNow());

        Assert.Multiple(() =>
        {
            Assert.That(active.State, Is.EqualTo(TotpFactorState.Active));
            Assert.That(active.LastAcceptedStep, Is.EqualTo(Step));
            Assert.That(active.ActivatedAt, Is.EqualTo(TestData.Now + TimeSpan.FromMinutes(9)));
            Assert.That(active.HasExpired(_clock.GetUtcNow() + TimeSpan.FromDays(365)), Is.False, "an active factor does not expire");
            Assert.That(pending.State, Is.EqualTo(TotpFactorState.Pending), "the old state is unchanged");
        });
    }

    [Test]
    public void Activate_WhenTheEnrolmentHasExpired_RefusesWithTotpCodeInvalid()
    {
        var pending = TotpFactor.Enrol(Secret, _clock.GetUtcNow());
        _clock.Advance(TimeSpan.FromMinutes(10));

        Assert.That(() => pending.Activate(Step, _clock.GetUtcNow()), Throws.InstanceOf<DomainException>().With.Property(nameof(DomainException.Error)).EqualTo(Errors.TotpCodeInvalid));
    }

    [Test]
    public void Activate_WhenAlreadyActive_RefusesWithTotpCodeInvalid() =>
        Assert.That(() => Active().Activate(Step + 1, _clock.GetUtcNow()), Throws.InstanceOf<DomainException>().With.Property(nameof(DomainException.Error)).EqualTo(Errors.TotpCodeInvalid));

    [Test]
    public void Accept_WhenTheStepIsLaterThanTheLastAccepted_MovesTheLastAcceptedStep()
    {
        var accepted = Active().Accept(Step + 1);

        Assert.That(accepted.LastAcceptedStep, Is.EqualTo(Step + 1));
    }

    [Test]
    public void Accept_WhenTheSameStepComesAgain_RefusesWithSecondFactorInvalid()
    {
        var once = Active().Accept(Step + 1);

        Assert.That(() => once.Accept(Step + 1), Throws.InstanceOf<DomainException>().With.Property(nameof(DomainException.Error)).EqualTo(Errors.SecondFactorInvalid));
    }

    [Test]
    public void Accept_WhenAnOlderStepComesAfterANewerOne_RefusesWithSecondFactorInvalid()
    {
        var newer = Active().Accept(Step + 1);

        Assert.That(() => newer.Accept(Step), Throws.InstanceOf<DomainException>().With.Property(nameof(DomainException.Error)).EqualTo(Errors.SecondFactorInvalid));
    }

    [Test]
    public void Accept_WhenTheStepIsTheOneThatConfirmedTheEnrolment_Refuses() =>
        Assert.That(() => Active(Step).Accept(Step), Throws.InstanceOf<DomainException>().With.Property(nameof(DomainException.Error)).EqualTo(Errors.SecondFactorInvalid));

    [Test]
    public void Accept_WhenThePendingFactorIsAsked_RefusesWithSecondFactorInvalid() =>
        Assert.That(() => TotpFactor.Enrol(Secret, _clock.GetUtcNow()).Accept(Step), Throws.InstanceOf<DomainException>().With.Property(nameof(DomainException.Error)).EqualTo(Errors.SecondFactorInvalid));

    [Test]
    public void ActivateAndAccept_WhenTheStepIsNegative_Throw()
    {
        Assert.That(() => TotpFactor.Enrol(Secret, _clock.GetUtcNow()).Activate(-1, _clock.GetUtcNow()), Throws.InstanceOf<ArgumentOutOfRangeException>());
        Assert.That(() => Active().Accept(-1), Throws.InstanceOf<ArgumentOutOfRangeException>());
    }

    [Test]
    public void Restore_WhenTheStateIsOneNoTransitionMakes_Throws()
    {
        var now = _clock.GetUtcNow();

        Assert.Multiple(() =>
        {
            Assert.That(() => TotpFactor.Restore(Secret, TotpFactorState.Pending, now, now, lastAcceptedStep: null), Throws.ArgumentException);
            Assert.That(() => TotpFactor.Restore(Secret, TotpFactorState.Pending, now, activatedAt: null, Step), Throws.ArgumentException);
            Assert.That(() => TotpFactor.Restore(Secret, TotpFactorState.Active, now, activatedAt: null, Step), Throws.ArgumentException);
            Assert.That(() => TotpFactor.Restore(Secret, TotpFactorState.Active, now, now, lastAcceptedStep: null), Throws.ArgumentException);
            Assert.That(() => TotpFactor.Restore(Secret, (TotpFactorState)7, now, activatedAt: null, lastAcceptedStep: null), Throws.ArgumentException);
        });
    }

    [Test]
    public void Restore_WhenActive_KeepsTheReplayRule()
    {
        var now = _clock.GetUtcNow();

        var restored = TotpFactor.Restore(Secret, TotpFactorState.Active, now, now, Step);

        Assert.That(() => restored.Accept(Step), Throws.InstanceOf<DomainException>());
        Assert.That(restored.Accept(Step + 1).LastAcceptedStep, Is.EqualTo(Step + 1));
    }

    [Test]
    public void SealedSecret_WhenPrinted_ShowsNoByte()
    {
        Assert.That(SealedSecret.FromStored([0xab, 0xcd]).ToString(), Does.Not.Contain("ab").IgnoreCase.And.Not.Contain("171"));
        Assert.That(() => SealedSecret.FromStored([]), Throws.ArgumentException);
    }
}
