using Ludmin.Application.Tokens.IssuePublicToken;
using Ludmin.UnitTests.Support;

namespace Ludmin.UnitTests.Application.Validation;

public sealed class IssuePublicTokenValidatorTests
{
    private readonly IssuePublicTokenValidator _validator = new();

    [TestCase(null)]
    [TestCase("")]
    [TestCase("anything the client likes")]
    public void Validate_WhenDeviceIdIsMissingOrAnyReasonableString_Passes(string? deviceId) =>
        Assert.That(_validator.Validate(new IssuePublicTokenCommand(deviceId)).IsValid, Is.True);

    [Test]
    public void Validate_WhenDeviceIdIsExactly256Characters_Passes() =>
        Assert.That(_validator.Validate(new IssuePublicTokenCommand(new string('x', 256))).IsValid, Is.True);

    [Test]
    public void Validate_WhenDeviceIdIsAbsurdlyLong_FailsOnDeviceId() =>
        Assert.That(_validator.Validate(new IssuePublicTokenCommand(new string('x', 257))).Fields(), Is.EqualTo(new[] { "device_id" }));
}
