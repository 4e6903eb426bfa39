using Ludmin.Application.Common;
using Ludmin.Application.Common.Options;
using Ludmin.Application.Tokens.Login;
using Ludmin.Domain.Users;
using Ludmin.UnitTests.Support;

namespace Ludmin.UnitTests.Application.Validation;

public sealed class LoginValidatorTests
{
    private static readonly Caller Caller = Caller.Public(DeviceId.New());
    private readonly LoginValidator _validator = new(new PasswordOptions());

    [Test]
    public void Validate_WhenEverythingIsGiven_Passes() =>
        Assert.That(_validator.Validate(new LoginCommand(Caller, "ann@example.com", "any password", "Pixel")).IsValid, Is.True);

    [Test]
    public void Validate_WhenPasswordIsShorterThanThePolicy_StillPasses()
    {
        // Login checks what was set before the policy changed; only new passwords meet the policy.
        Assert.That(_validator.Validate(new LoginCommand(Caller, "ann@example.com", "short", null)).IsValid, Is.True);
    }

    [Test]
    public void Validate_WhenEverythingIsMissing_FailsOnEmailAndPassword() =>
        Assert.That(_validator.Validate(new LoginCommand(Caller, null!, null!, null)).Fields(), Is.EqualTo(new[] { "email", "password" }));

    [TestCase("not-an-email")]
    [TestCase("ann@localhost")]
    [TestCase("{\"$ne\": null}")]
    public void Validate_WhenEmailIsMalformed_FailsOnEmail(string email)
    {
        var result = _validator.Validate(new LoginCommand(Caller, email, "any password", null));

        Assert.That(result.Fields(), Is.EqualTo(new[] { "email" }));
        Assert.That(result.MessagesFor("email"), Has.Some.Contains("'email'"));
    }

    [Test]
    public void Validate_WhenPasswordIsLongerThanTheMaximum_FailsOnPassword() =>
        Assert.That(
            _validator.Validate(new LoginCommand(Caller, "ann@example.com", new string('p', new PasswordOptions().MaxLength + 1), null)).Fields(),
            Is.EqualTo(new[] { "password" }));

    [TestCase("Phone\u0000")]
    [TestCase("Phone\u202E")]
    public void Validate_WhenDescriptionHoldsControlCharacters_FailsOnDescription(string description) =>
        Assert.That(_validator.Validate(new LoginCommand(Caller, "ann@example.com", "any password", description)).Fields(), Is.EqualTo(new[] { "description" }));

    [Test]
    public void Validate_WhenDescriptionIsTooLong_FailsOnDescription() =>
        Assert.That(
            _validator.Validate(new LoginCommand(Caller, "ann@example.com", "any password", new string('d', DeviceDescription.MaxLength + 1))).Fields(),
            Is.EqualTo(new[] { "description" }));
}
