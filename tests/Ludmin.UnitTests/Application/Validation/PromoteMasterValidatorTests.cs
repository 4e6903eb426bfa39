using Ludmin.Application.Common;
using Ludmin.Application.Common.Options;
using Ludmin.Application.Users.PromoteMaster;
using Ludmin.UnitTests.Support;

namespace Ludmin.UnitTests.Application.Validation;

public sealed class PromoteMasterValidatorTests
{
    private readonly PromoteMasterValidator _validator = new(new PasswordOptions());

    [Test]
    public void Validate_WhenOnlyAnEmailIsGiven_Passes() =>
        Assert.That(_validator.Validate(new PromoteMasterInput("root@example.com", null)).IsValid, Is.True);

    [Test]
    public void Validate_WhenEmailAndAPolicyPasswordAreGiven_Passes() =>
        Assert.That(_validator.Validate(new PromoteMasterInput("root@example.com", "long enough")).IsValid, Is.True);

    [Test]
    public void Validate_WhenEmailIsMalformed_FailsOnEmail() =>
        Assert.That(_validator.Validate(new PromoteMasterInput("root", null)).Fields(), Is.EqualTo(new[] { "email" }));

    [TestCase("")]
    [TestCase("short")]
    public void Validate_WhenPasswordIsGivenButBreaksThePolicy_FailsOnPassword(string password) =>
        Assert.That(_validator.Validate(new PromoteMasterInput("root@example.com", password)).Fields(), Is.EqualTo(new[] { "password" }));

    [Test]
    public void Parse_WhenValid_MakesACommandOfTheParsedAddressAndThePassword()
    {
        var command = _validator.Parse(new PromoteMasterInput(" Root@Example.com ", "long enough"));

        Assert.That(command.Email.Value, Is.EqualTo("Root@Example.com"));
        Assert.That(command.Password, Is.EqualTo(new MasterPassword("long enough")));
    }

    [Test]
    public void Parse_WhenNoPasswordIsGiven_MakesACommandWithoutOne() =>
        Assert.That(_validator.Parse(new PromoteMasterInput("root@example.com", null)).Password, Is.Null);

    [Test]
    public void Parse_WhenEmailIsMalformed_RefusesWithTheField() =>
        Assert.That(
            () => _validator.Parse(new PromoteMasterInput("root", null)),
            Throws.TypeOf<RequestValidationException>().With.Property(nameof(RequestValidationException.FieldErrors)).Property("Keys").EquivalentTo(new[] { "email" }));
}
