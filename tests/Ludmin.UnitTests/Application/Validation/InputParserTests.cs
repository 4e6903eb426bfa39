using Ludmin.Application.Common.Options;
using Ludmin.Application.Common;
using Ludmin.Application.PasswordResets.CompleteReset;
using Ludmin.Application.PasswordResets.RequestReset;
using Ludmin.Application.Tokens.Login;
using Ludmin.Application.Users.RegisterUser;
using Ludmin.Application.Users.UpdateProfile;
using Ludmin.Domain.Users;
using Ludmin.UnitTests.Support;

namespace Ludmin.UnitTests.Application.Validation;

/// <summary>The parsers hand handlers the value objects their rules parsed, and refuse exactly what the rules refuse.</summary>
public sealed class InputParserTests
{
    private const string Password = "s3cret-password";
    private static readonly PasswordOptions Passwords = new();
    private static readonly Caller Ann = Caller.ForUser(DeviceId.New(), UserId.New(), sessionId: SessionId.New());

    [Test]
    public void Parse_WhenLoginIsValid_GivesTheParsedEmailAndDescription()
    {
        var command = new LoginValidator(Passwords).Parse(new LoginInput(Ann, " Ann@Example.com ", Password, "  Pixel 9 "));

        Assert.Multiple(() =>
        {
            Assert.That(command.Caller, Is.SameAs(Ann));
            Assert.That(command.Email, Is.EqualTo(EmailAddress.Create("Ann@Example.com")));
            Assert.That(command.Password, Is.EqualTo(Password));
            Assert.That(command.Description, Is.EqualTo(DeviceDescription.Create("Pixel 9")));
        });
    }

    [TestCase(null)]
    [TestCase("")]
    [TestCase("   ")]
    public void Parse_WhenLoginHasNoDescription_GivesNoneSoTheDeviceKeepsItsOwn(string? description) =>
        Assert.That(new LoginValidator(Passwords).Parse(new LoginInput(Ann, "ann@example.com", Password, description)).Description, Is.Null);

    [Test]
    public void Parse_WhenRegistrationIsValid_GivesTrimmedValueObjects()
    {
        var command = new RegisterUserValidator(Passwords).Parse(new RegisterUserInput(TestData.Visitor(), "  Ann Lee ", " ann@example.com ", Password, Password));

        Assert.Multiple(() =>
        {
            Assert.That(command.FullName.Value, Is.EqualTo("Ann Lee"));
            Assert.That(command.Email.Value, Is.EqualTo("ann@example.com"));
            Assert.That(command.Password, Is.EqualTo(Password));
        });
    }

    [Test]
    public void Parse_WhenProfileChangeHasOnlyAName_CarriesNoCredentialChange()
    {
        var command = new UpdateProfileValidator(Passwords).Parse(new UpdateProfileInput(Ann, "me", "Ann Smith", null, null, null, null));

        Assert.Multiple(() =>
        {
            Assert.That(command.FullName?.Value, Is.EqualTo("Ann Smith"));
            Assert.That(command.Credentials, Is.Null);
        });
    }

    [Test]
    public void Parse_WhenProfileChangeHasEmailAndPassword_CarriesThemWithTheCurrentPassword()
    {
        var command = new UpdateProfileValidator(Passwords).Parse(new UpdateProfileInput(Ann, "me", null, "ann@example.org", "n3w-password", "n3w-password", Password));

        Assert.Multiple(() =>
        {
            Assert.That(command.FullName, Is.Null);
            Assert.That(command.Credentials, Is.EqualTo(new CredentialChange(Password, EmailAddress.Create("ann@example.org"), "n3w-password")));
        });
    }

    [Test]
    public void Parse_WhenResetInputIsValid_GivesTheParsedEmail()
    {
        var visitor = TestData.Visitor();
        Assert.Multiple(() =>
        {
            Assert.That(new RequestResetValidator().Parse(new RequestResetInput(visitor, " ann@example.com")).Email.Value, Is.EqualTo("ann@example.com"));
            Assert.That(
                new CompleteResetValidator(Passwords).Parse(new CompleteResetInput(visitor, "ann@example.com", "123456", Password, Password)),
                Is.EqualTo(new CompleteResetCommand(visitor, EmailAddress.Create("ann@example.com"), "123456", Password)));
        });
    }

    [Test]
    public void Parse_WhenInputIsInvalid_RefusesWithTheSameFieldsAndMessagesAsTheRules()
    {
        var parser = new RegisterUserValidator(Passwords);
        var input = new RegisterUserInput(TestData.Visitor(), "", new string('a', 300), "short", "different");
        var expected = parser.Validate(input).Errors
            .GroupBy(f => f.PropertyName)
            .ToDictionary(g => g.Key, g => g.Select(f => f.ErrorMessage).Distinct().ToArray());

        var thrown = Assert.Throws<RequestValidationException>(() => parser.Parse(input));

        Assert.That(thrown!.FieldErrors, Is.EqualTo(expected));
        Assert.That(thrown.FieldErrors["email"], Has.Length.GreaterThan(1), "every rule of a field reports, as before");
    }
}
