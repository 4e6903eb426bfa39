using Ludmin.Application.PasswordResets.RequestReset;
using Ludmin.UnitTests.Support;

namespace Ludmin.UnitTests.Application.Validation;

public sealed class RequestResetValidatorTests
{
    private readonly RequestResetValidator _validator = new();

    [Test]
    public void Validate_WhenEmailIsWellFormed_Passes() =>
        Assert.That(_validator.Validate(new RequestResetCommand(TestData.Visitor(), "ann@example.com")).IsValid, Is.True);

    [TestCase(null)]
    [TestCase("")]
    [TestCase("ann")]
    [TestCase("ann@example..com")]
    public void Validate_WhenEmailIsMissingOrMalformed_FailsOnEmail(string? email) =>
        Assert.That(_validator.Validate(new RequestResetCommand(TestData.Visitor(), email!)).Fields(), Is.EqualTo(new[] { "email" }));
}
