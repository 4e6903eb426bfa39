using Ludmin.Application.Common.Options;
using Ludmin.Application.Users.RegisterUser;
using Ludmin.Domain.Users;
using Ludmin.UnitTests.Support;

namespace Ludmin.UnitTests.Application.Validation;

public sealed class RegisterUserValidatorTests
{
    private const string Password = "s3cret-password";
    private readonly RegisterUserValidator _validator = new(new PasswordOptions());

    [Test]
    public void Validate_WhenEverythingIsRight_Passes() =>
        Assert.That(_validator.Validate(new RegisterUserCommand(TestData.Visitor(), "Ann Lee", "ann@example.com", Password, Password)).IsValid, Is.True);

    [Test]
    public void Validate_WhenEverythingIsMissing_FailsOnEveryFieldInSnakeCase() =>
        Assert.That(
            _validator.Validate(new RegisterUserCommand(TestData.Visitor(), null!, null!, null!, null!)).Fields(),
            Is.EqualTo(new[] { "email", "full_name", "password", "password_confirmation" }));

    [TestCase("   ")]
    [TestCase("Ann\u0007")]
    [TestCase("Ann\u200B")]
    public void Validate_WhenFullNameIsBlankOrHoldsControlCharacters_FailsOnFullName(string fullName) =>
        Assert.That(_validator.Validate(new RegisterUserCommand(TestData.Visitor(), fullName, "ann@example.com", Password, Password)).Fields(), Is.EqualTo(new[] { "full_name" }));

    [Test]
    public void Validate_WhenFullNameIsTooLong_FailsOnFullName() =>
        Assert.That(
            _validator.Validate(new RegisterUserCommand(TestData.Visitor(), new string('a', FullName.MaxLength + 1), "ann@example.com", Password, Password)).Fields(),
            Is.EqualTo(new[] { "full_name" }));

    [Test]
    public void Validate_WhenEmailIsTooLong_FailsOnEmail() =>
        Assert.That(
            _validator.Validate(new RegisterUserCommand(TestData.Visitor(), "Ann", new string('a', 64) + "@" + new string('b', 190) + ".com", Password, Password)).Fields(),
            Is.EqualTo(new[] { "email" }));

    [Test]
    public void Validate_WhenPasswordIsShorterThanMinLength_FailsOnPassword() =>
        Assert.That(_validator.Validate(new RegisterUserCommand(TestData.Visitor(), "Ann", "ann@example.com", "1234567", "1234567")).Fields(), Is.EqualTo(new[] { "password" }));

    [Test]
    public void Validate_WhenPasswordIsExactlyMinLength_Passes() =>
        Assert.That(_validator.Validate(new RegisterUserCommand(TestData.Visitor(), "Ann", "ann@example.com", "12345678", "12345678")).IsValid, Is.True);

    [Test]
    public void Validate_WhenPolicyAsksForLongerPasswords_AppliesTheConfiguredMinimum()
    {
        var strict = new RegisterUserValidator(new PasswordOptions { MinLength = 16 });

        Assert.That(strict.Validate(new RegisterUserCommand(TestData.Visitor(), "Ann", "ann@example.com", Password, Password)).Fields(), Is.EqualTo(new[] { "password" }));
    }

    [Test]
    public void Validate_WhenPasswordIsLongerThanMaxLength_FailsOnPassword()
    {
        var tooLong = new string('p', new PasswordOptions().MaxLength + 1);

        Assert.That(_validator.Validate(new RegisterUserCommand(TestData.Visitor(), "Ann", "ann@example.com", tooLong, tooLong)).Fields(), Is.EqualTo(new[] { "password" }));
    }

    [Test]
    public void Validate_WhenPasswordHoldsControlCharacters_FailsOnPassword() =>
        Assert.That(
            _validator.Validate(new RegisterUserCommand(TestData.Visitor(), "Ann", "ann@example.com", "pass\u0000word", "pass\u0000word")).Fields(),
            Is.EqualTo(new[] { "password" }));

    [Test]
    public void Validate_WhenConfirmationDiffers_FailsOnPasswordConfirmationNamingBothFields()
    {
        var result = _validator.Validate(new RegisterUserCommand(TestData.Visitor(), "Ann", "ann@example.com", Password, Password + "!"));

        Assert.That(result.Fields(), Is.EqualTo(new[] { "password_confirmation" }));
        Assert.That(result.MessagesFor("password_confirmation"), Is.EqualTo(new[] { "'password_confirmation' must equal 'password'." }));
    }
}
