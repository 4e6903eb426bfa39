using Ludmin.Application.Common;
using Ludmin.Application.Common.Options;
using Ludmin.Application.Users.UpdateProfile;
using Ludmin.Domain.Users;
using Ludmin.UnitTests.Support;

namespace Ludmin.UnitTests.Application.Validation;

public sealed class UpdateProfileValidatorTests
{
    private const string Password = "a brand new password";
    private static readonly Caller Caller = Caller.ForUser(DeviceId.New(), UserId.New());
    private readonly UpdateProfileValidator _validator = new(new PasswordOptions());

    [Test]
    public void Validate_WhenNothingToChangeIsSent_FailsOnBody()
    {
        var result = _validator.Validate(Command());

        Assert.That(result.Fields(), Is.EqualTo(new[] { "body" }));
        Assert.That(result.MessagesFor("body").Single(), Does.Contain("full_name").And.Contain("email").And.Contain("password"));
    }

    [Test]
    public void Validate_WhenOnlyTheNameChanges_NeedsNoCurrentPassword() =>
        Assert.That(_validator.Validate(Command(fullName: "Ann Smith")).IsValid, Is.True);

    [Test]
    public void Validate_WhenEmailChangesWithCurrentPassword_Passes() =>
        Assert.That(_validator.Validate(Command(email: "ann@example.org", currentPassword: "old one")).IsValid, Is.True);

    [Test]
    public void Validate_WhenEmailChangesWithoutCurrentPassword_FailsOnCurrentPassword()
    {
        var result = _validator.Validate(Command(email: "ann@example.org"));

        Assert.That(result.Fields(), Is.EqualTo(new[] { "current_password" }));
        Assert.That(result.MessagesFor("current_password").Single(), Does.StartWith("'current_password' is required"));
    }

    [Test]
    public void Validate_WhenPasswordChangesWithoutCurrentPassword_FailsOnCurrentPassword() =>
        Assert.That(_validator.Validate(Command(password: Password, confirmation: Password)).Fields(), Is.EqualTo(new[] { "current_password" }));

    [Test]
    public void Validate_WhenCurrentPasswordIsAbsurdlyLong_FailsOnCurrentPassword() =>
        Assert.That(
            _validator.Validate(Command(email: "ann@example.org", currentPassword: new string('p', new PasswordOptions().MaxLength + 1))).Fields(),
            Is.EqualTo(new[] { "current_password" }));

    [Test]
    public void Validate_WhenPasswordChangesWithoutConfirmation_FailsOnPasswordConfirmation() =>
        Assert.That(_validator.Validate(Command(password: Password, currentPassword: "old one")).Fields(), Is.EqualTo(new[] { "password_confirmation" }));

    [Test]
    public void Validate_WhenPasswordAndConfirmationDiffer_FailsOnPasswordConfirmation() =>
        Assert.That(
            _validator.Validate(Command(password: Password, confirmation: "something else", currentPassword: "old one")).Fields(),
            Is.EqualTo(new[] { "password_confirmation" }));

    [Test]
    public void Validate_WhenNewPasswordBreaksThePolicy_FailsOnPassword() =>
        Assert.That(_validator.Validate(Command(password: "short", confirmation: "short", currentPassword: "old one")).Fields(), Is.EqualTo(new[] { "password" }));

    [Test]
    public void Validate_WhenEveryGivenFieldIsBad_ReportsEachOfThem() =>
        Assert.That(
            _validator.Validate(Command(fullName: "  ", email: "nope", password: "short", confirmation: "other")).Fields(),
            Is.EqualTo(new[] { "current_password", "email", "full_name", "password", "password_confirmation" }));

    private static UpdateProfileCommand Command(
        string? fullName = null, string? email = null, string? password = null, string? confirmation = null, string? currentPassword = null) =>
        new(Caller, "me", fullName, email, password, confirmation, currentPassword);
}
