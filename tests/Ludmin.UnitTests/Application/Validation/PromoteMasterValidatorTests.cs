using Ludmin.Application.Common.Options;
using Ludmin.Application.Users.PromoteMaster;
using Ludmin.UnitTests.Support;

namespace Ludmin.UnitTests.Application.Validation;

public sealed class PromoteMasterValidatorTests
{
    private readonly PromoteMasterValidator _validator = new(new PasswordOptions());

    [Test]
    public void Validate_WhenOnlyAnEmailIsGiven_Passes() =>
        Assert.That(_validator.Validate(new PromoteMasterCommand("root@example.com", null)).IsValid, Is.True);

    [Test]
    public void Validate_WhenEmailAndAPolicyPasswordAreGiven_Passes() =>
        Assert.That(_validator.Validate(new PromoteMasterCommand("root@example.com", "long enough")).IsValid, Is.True);

    [Test]
    public void Validate_WhenEmailIsMalformed_FailsOnEmail() =>
        Assert.That(_validator.Validate(new PromoteMasterCommand("root", null)).Fields(), Is.EqualTo(new[] { "email" }));

    [TestCase("")]
    [TestCase("short")]
    public void Validate_WhenPasswordIsGivenButBreaksThePolicy_FailsOnPassword(string password) =>
        Assert.That(_validator.Validate(new PromoteMasterCommand("root@example.com", password)).Fields(), Is.EqualTo(new[] { "password" }));
}
