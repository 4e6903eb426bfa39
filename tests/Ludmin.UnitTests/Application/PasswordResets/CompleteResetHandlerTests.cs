using Ludmin.Application.Common.Options;
using Ludmin.Application.Common.Ports;
using Ludmin.Application.PasswordResets.CompleteReset;
using Ludmin.Domain.Common;
using Ludmin.Domain.PasswordResets;
using Ludmin.Domain.Users;
using Ludmin.UnitTests.Support;
using Moq;

namespace Ludmin.UnitTests.Application.PasswordResets;

public sealed class CompleteResetHandlerTests
{
    private const string Code = "482913";
    private const string CodeHash = "keyed-hash-of-482913";
    private const string NewPassword = "a brand new password";

    private readonly HandlerFixture _fixture = new();
    private readonly Mock<IPasswordResetRepository> _resets = new();
    private readonly Mock<IResetCodeProtector> _codes = new();
    private readonly ResetCodeOptions _options = new() { Lifetime = TimeSpan.FromMinutes(15), MaxAttempts = 20, MaxAttemptsPerAddress = 5 };
    private readonly PasswordHash _newHash = TestData.Hash("new-hash");
    private readonly User _user = TestData.User("ann@example.com", "old-hash");
    private PasswordReset _reset;

    public CompleteResetHandlerTests()
    {
        TestData.LinkNewDevice(_user, "Phone");
        TestData.LinkNewDevice(_user, "Laptop");
        _reset = PasswordReset.Issue(_user.Id, CodeHash, TestData.Now, _options.Lifetime);
        _fixture.Stored(_user);
        _resets.Setup(r => r.FindAsync(_user.Id, It.IsAny<CancellationToken>())).ReturnsAsync(() => _reset);
        _resets.Setup(r => r.TryCompleteAsync(It.IsAny<PasswordReset>(), It.IsAny<User>(), It.IsAny<CancellationToken>())).ReturnsAsync(true);
        _codes.Setup(c => c.Matches(It.IsAny<string>(), It.IsAny<string>())).Returns(false);
        _codes.Setup(c => c.Matches(Code, CodeHash)).Returns(true);
        _fixture.Hashes(NewPassword, _newHash);
        _fixture.Clock.Advance(TimeSpan.FromMinutes(5));
    }

    [Test]
    public async Task Handle_WhenCodeIsRight_ConsumesItSetsThePasswordAndLogsOutEveryDevice()
    {
        await Handler().Handle(Command(), CancellationToken.None);

        Assert.Multiple(() =>
        {
            Assert.That(_user.PasswordHash, Is.SameAs(_newHash));
            Assert.That(_user.PasswordHistory.Select(h => h.Value), Is.EqualTo(new[] { "old-hash" }));
            Assert.That(_user.Devices, Is.Empty);
            Assert.That(_user.UpdatedAt, Is.EqualTo(TestData.Now.AddMinutes(5)));
        });
        _resets.Verify(r => r.TryCompleteAsync(_reset, _user, It.IsAny<CancellationToken>()), Times.Once, "the code spent and the password saved in one step");
        _fixture.Users.Verify(u => u.UpdateAsync(It.IsAny<User>(), It.IsAny<CancellationToken>()), Times.Never);
        _resets.Verify(r => r.TryConsumeAsync(It.IsAny<PasswordReset>(), It.IsAny<CancellationToken>()), Times.Never, "never spent on its own");
        _resets.Verify(r => r.RecordRefusalAsync(It.IsAny<string>(), It.IsAny<PasswordReset?>(), It.IsAny<DateTimeOffset>(), It.IsAny<TimeSpan>(), It.IsAny<CancellationToken>()), Times.Never);
    }

    [Test]
    public void Handle_WhenEmailIsUnknown_RefusesAndCountsTheRefusalAgainstTheAddressOnly()
    {
        AssertRefused(Command(email: "nobody@example.com"));

        VerifyRefusalRecorded(guessed: null);
    }

    [Test]
    public void Handle_WhenEmailIsOnlyInTheUsersHistory_RefusesWithoutCountingAgainstTheCode()
    {
        _user.ChangeEmail(EmailAddress.Create("ann@example.org"), TestData.Now);

        AssertRefused(Command(email: "ann@example.com"));

        VerifyRefusalRecorded(guessed: null);
    }

    [Test]
    public void Handle_WhenTheUserHasNoCode_RefusesAndCountsTheRefusalAgainstTheAddressOnly()
    {
        _reset = null!;

        AssertRefused(Command());

        VerifyRefusalRecorded(guessed: null);
    }

    [Test]
    public void Handle_WhenTheCodeHasExpired_RefusesWithoutCountingItAgainstTheCode()
    {
        _fixture.Clock.Advance(TimeSpan.FromMinutes(10));

        AssertRefused(Command());

        VerifyRefusalRecorded(guessed: null);
    }

    [Test]
    public void Handle_WhenTheCodeHasNoAttemptsLeft_RefusesEvenTheRightCode()
    {
        _reset = PasswordReset.Restore(_user.Id, CodeHash, TestData.Now, TestData.Now.AddMinutes(15), failedAttempts: _options.MaxAttempts, version: 5);

        AssertRefused(Command());

        VerifyRefusalRecorded(guessed: null);
    }

    [Test]
    public void Handle_WhenTheCodeIsWrong_CountsTheTryAgainstTheCodeAndTheAddressInOneWrite()
    {
        AssertRefused(Command(code: "000000"));

        VerifyRefusalRecorded(guessed: _reset);
        _resets.Verify(r => r.TryCompleteAsync(It.IsAny<PasswordReset>(), It.IsAny<User>(), It.IsAny<CancellationToken>()), Times.Never);
        _fixture.Hasher.VerifyNoOtherCalls();
    }

    [Test]
    public void Handle_WhenTheAddressHasUsedItsRefusals_RefusesEvenTheRightCodeAndSpendsNothingOfIt()
    {
        _resets.Setup(r => r.CountRefusalsAsync(TestData.ClientAddress, It.IsAny<DateTimeOffset>(), It.IsAny<CancellationToken>())).ReturnsAsync(_options.MaxAttemptsPerAddress);

        AssertRefused(Command());

        VerifyRefusalRecorded(guessed: null);
        _resets.Verify(r => r.TryCompleteAsync(It.IsAny<PasswordReset>(), It.IsAny<User>(), It.IsAny<CancellationToken>()), Times.Never);
    }

    [Test]
    public async Task Handle_WhenTheAddressIsBelowItsRefusalsAndTheCodeBelowItsCap_TakesTheRightCode()
    {
        _resets.Setup(r => r.CountRefusalsAsync(TestData.ClientAddress, It.IsAny<DateTimeOffset>(), It.IsAny<CancellationToken>())).ReturnsAsync(_options.MaxAttemptsPerAddress - 1);
        _reset = PasswordReset.Restore(_user.Id, CodeHash, TestData.Now, TestData.Now.AddMinutes(15), failedAttempts: _options.MaxAttempts - 1, version: 9);

        await Handler().Handle(Command(), CancellationToken.None);

        _resets.Verify(r => r.TryCompleteAsync(_reset, It.IsAny<User>(), It.IsAny<CancellationToken>()), Times.Once);
    }

    /// <summary>
    /// Finding 5 of issue 23: a refusal takes the same reads, the same code check and the same
    /// one write whether the address is nobody's, has no code or has one, so its time says nothing.
    /// </summary>
    [TestCase("unknown email")]
    [TestCase("no code")]
    [TestCase("wrong code")]
    public void Handle_WhateverTheRefusal_MakesTheSameStoreCallsAndOneCodeCheck(string refusal)
    {
        var email = refusal == "unknown email" ? "nobody@example.com" : "ann@example.com";
        if (refusal == "no code")
        {
            _reset = null!;
        }

        AssertRefused(Command(email: email, code: "000000"));

        _resets.Verify(r => r.CountRefusalsAsync(TestData.ClientAddress, It.IsAny<DateTimeOffset>(), It.IsAny<CancellationToken>()), Times.Once);
        _fixture.Users.Verify(u => u.FindByEmailAsync(It.IsAny<EmailAddress>(), It.IsAny<CancellationToken>()), Times.Once);
        _resets.Verify(r => r.FindAsync(It.IsAny<UserId>(), It.IsAny<CancellationToken>()), Times.Once);
        _codes.Verify(c => c.Matches("000000", It.IsAny<string>()), Times.Once);
        _resets.Verify(r => r.RecordRefusalAsync(TestData.ClientAddress, It.IsAny<PasswordReset?>(), It.IsAny<DateTimeOffset>(), _options.Lifetime, It.IsAny<CancellationToken>()), Times.Once);
        _resets.VerifyNoOtherCalls();
        _codes.VerifyNoOtherCalls();
    }

    [Test]
    public void Handle_WhenSomebodyElseConsumedTheCodeFirst_RefusesAndLeavesThePasswordAlone()
    {
        _resets.Setup(r => r.TryCompleteAsync(It.IsAny<PasswordReset>(), It.IsAny<User>(), It.IsAny<CancellationToken>())).ReturnsAsync(false);

        AssertRefused(Command(), passwordHashed: true);

        _fixture.Users.Verify(u => u.UpdateAsync(It.IsAny<User>(), It.IsAny<CancellationToken>()), Times.Never);
    }

    [Test]
    public void Handle_WhenHashingIsRefused_KeepsTheCodeForAnotherTry()
    {
        _fixture.Hasher.Setup(h => h.HashAsync(NewPassword, It.IsAny<CancellationToken>())).ThrowsAsync(new DomainException(Errors.ServerBusy));

        Assert.That(async () => await Handler().Handle(Command(), CancellationToken.None), Refused.With(Errors.ServerBusy));

        _resets.Verify(r => r.TryCompleteAsync(It.IsAny<PasswordReset>(), It.IsAny<User>(), It.IsAny<CancellationToken>()), Times.Never);
        _fixture.Users.Verify(u => u.UpdateAsync(It.IsAny<User>(), It.IsAny<CancellationToken>()), Times.Never);
    }

    [Test]
    public async Task Handle_WhenSavingTheUserConflicts_ReappliesTheResetToAFreshRead()
    {
        var reloaded = TestData.Copy(_user);
        _fixture.Users.Setup(u => u.FindByIdAsync(_user.Id, It.IsAny<CancellationToken>())).ReturnsAsync(reloaded);
        _resets.Setup(r => r.TryCompleteAsync(_reset, _user, It.IsAny<CancellationToken>())).ThrowsAsync(new ConcurrencyException("user", _user.Id.Value));

        await Handler().Handle(Command(), CancellationToken.None);

        Assert.That(reloaded.PasswordHash, Is.SameAs(_newHash));
        Assert.That(reloaded.Devices, Is.Empty);
        _resets.Verify(r => r.TryCompleteAsync(_reset, reloaded, It.IsAny<CancellationToken>()), Times.Once, "the same code, kept by the failed step, with the fresh read");
    }

    [Test]
    public async Task Handle_WhenCodeIsRight_ForgetsTheFailedLoginsOfTheAddress()
    {
        await Handler().Handle(Command(email: " ANN@example.com "), CancellationToken.None);

        _fixture.Throttles.Verify(t => t.DeleteAsync("ann@example.com", It.IsAny<CancellationToken>()), Times.Once);
        _fixture.Throttles.VerifyNoOtherCalls();
    }

    [Test]
    public async Task Handle_WhenCodeIsRightAndThrottlingIsDisabled_LeavesTheThrottleStoreAlone()
    {
        _fixture.ThrottleOptions.Enabled = false;

        await Handler().Handle(Command(), CancellationToken.None);

        _fixture.Throttles.VerifyNoOtherCalls();
    }

    [Test]
    public async Task Handle_WhenCodeIsRight_ReportsTheCompletedResetOfTheUser()
    {
        await Handler().Handle(Command(), CancellationToken.None);

        _fixture.Events.Verify(e => e.ResetCompleted(_user.Id, TestData.ClientAddress), Times.Once);
        _fixture.Events.VerifyNoOtherCalls();
    }

    [TestCase("unknown email")]
    [TestCase("past email")]
    public void Handle_WhenTheAddressIsNobodysCurrentOne_ReportsARefusalForNobody(string refusal)
    {
        if (refusal == "past email")
        {
            _user.ChangeEmail(EmailAddress.Create("ann@example.org"), TestData.Now);
        }

        AssertRefused(Command(email: refusal == "unknown email" ? "nobody@example.com" : "ann@example.com"));

        _fixture.Events.Verify(e => e.ResetRefused(null, TestData.ClientAddress), Times.Once);
        _fixture.Events.VerifyNoOtherCalls();
        _fixture.Throttles.VerifyNoOtherCalls();
    }

    [TestCase("no code")]
    [TestCase("expired")]
    [TestCase("attempts used up")]
    [TestCase("wrong code")]
    [TestCase("consumed meanwhile")]
    public void Handle_WhenTheUsersCodeIsRefused_ReportsARefusalForTheUserAndForgetsNothing(string refusal)
    {
        var code = Code;
        switch (refusal)
        {
            case "no code":
                _reset = null!;
                break;
            case "expired":
                _fixture.Clock.Advance(TimeSpan.FromMinutes(10));
                break;
            case "attempts used up":
                _reset = PasswordReset.Restore(_user.Id, CodeHash, TestData.Now, TestData.Now.AddMinutes(15), failedAttempts: _options.MaxAttempts, version: 5);
                break;
            case "wrong code":
                code = "000000";
                break;
            default:
                _resets.Setup(r => r.TryCompleteAsync(It.IsAny<PasswordReset>(), It.IsAny<User>(), It.IsAny<CancellationToken>())).ReturnsAsync(false);
                break;
        }

        AssertRefused(Command(code: code), passwordHashed: refusal == "consumed meanwhile");

        _fixture.Events.Verify(e => e.ResetRefused(_user.Id, TestData.ClientAddress), Times.Once);
        _fixture.Events.VerifyNoOtherCalls();
        _fixture.Throttles.VerifyNoOtherCalls();
    }

    [Test]
    public void Handle_WhenHashingIsRefused_ReportsNoCompletedResetAndForgetsNothing()
    {
        _fixture.Hasher.Setup(h => h.HashAsync(NewPassword, It.IsAny<CancellationToken>())).ThrowsAsync(new DomainException(Errors.ServerBusy));

        Assert.That(async () => await Handler().Handle(Command(), CancellationToken.None), Refused.With(Errors.ServerBusy));

        _fixture.Events.Verify(e => e.ResetCompleted(It.IsAny<UserId>(), TestData.ClientAddress), Times.Never);
        _fixture.Throttles.VerifyNoOtherCalls();
    }

    private void VerifyRefusalRecorded(PasswordReset? guessed) =>
        _resets.Verify(r => r.RecordRefusalAsync(TestData.ClientAddress, guessed, _fixture.Clock.GetUtcNow(), _options.Lifetime, It.IsAny<CancellationToken>()), Times.Once);

    private static CompleteResetCommand Command(string email = "ann@example.com", string code = Code) =>
        new(TestData.Visitor(), email, code, NewPassword, NewPassword);

    private CompleteResetHandler Handler() =>
        new(_fixture.Users.Object, _resets.Object, _codes.Object, _fixture.Hasher.Object, _options, _fixture.Throttles.Object, _fixture.ThrottleOptions, _fixture.Events.Object, _fixture.Clock);

    /// <summary>Every way a code can be bad gives the one answer, on the code field, and sets no password.</summary>
    private void AssertRefused(CompleteResetCommand command, bool passwordHashed = false)
    {
        Assert.That(
            async () => await Handler().Handle(command, CancellationToken.None),
            Refused.With(Errors.ResetCodeInvalid, "code").And.Message.EqualTo(Errors.ResetCodeInvalid.Title));
        _fixture.Hasher.Verify(h => h.HashAsync(It.IsAny<string>(), It.IsAny<CancellationToken>()), passwordHashed ? Times.Once() : Times.Never());
        _fixture.Users.Verify(u => u.UpdateAsync(It.IsAny<User>(), It.IsAny<CancellationToken>()), Times.Never);
    }
}
