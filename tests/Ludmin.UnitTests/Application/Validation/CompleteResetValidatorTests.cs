using Ludmin.Application.Common.Options;
using Ludmin.Application.PasswordResets.CompleteReset;
using Ludmin.UnitTests.Support;

namespace Ludmin.UnitTests.Application.Validation;

public sealed class CompleteResetValidatorTests
{
    private const string Password = "a brand new password";
    private readonly CompleteResetValidator _validator = new(new PasswordOptions());

    [Test]
    public void Validate_WhenEverythingIsRight_Passes() =>
        Assert.That(_validator.Validate(new CompleteResetCommand(TestData.Visitor(), "ann@example.com", "482913", Password, Password)).IsValid, Is.True);

    [Test]
    public void Validate_WhenEverythingIsMissing_FailsOnEveryField() =>
        Assert.That(
            _validator.Validate(new CompleteResetCommand(TestData.Visitor(), null!, null!, null!, null!)).Fields(),
            Is.EqualTo(new[] { "code", "email", "password", "password_confirmation" }));

    [Test]
    public void Validate_WhenCodeIsLongerThanAnyCode_FailsOnCode() =>
        Assert.That(
            _validator.Validate(new CompleteResetCommand(TestData.Visitor(), "ann@example.com", new string('1', CompleteResetValidator.MaxCodeLength + 1), Password, Password)).Fields(),
            Is.EqualTo(new[] { "code" }));

    [Test]
    public void Validate_WhenNewPasswordBreaksThePolicy_FailsOnPassword() =>
        Assert.That(_validator.Validate(new CompleteResetCommand(TestData.Visitor(), "ann@example.com", "482913", "short", "short")).Fields(), Is.EqualTo(new[] { "password" }));

    [Test]
    public void Validate_WhenConfirmationDiffers_FailsOnPasswordConfirmation() =>
        Assert.That(
            _validator.Validate(new CompleteResetCommand(TestData.Visitor(), "ann@example.com", "482913", Password, "another password")).Fields(),
            Is.EqualTo(new[] { "password_confirmation" }));

    [Test]
    public void Validate_WhenEmailIsMalformed_FailsOnEmail() =>
        Assert.That(_validator.Validate(new CompleteResetCommand(TestData.Visitor(), "ann", "482913", Password, Password)).Fields(), Is.EqualTo(new[] { "email" }));
}
