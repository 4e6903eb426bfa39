using Ludmin.Application.Common.Models;
using Ludmin.Application.Common.Ports;
using Ludmin.Application.Tokens.IssuePublicToken;
using Ludmin.Domain.Users;
using Ludmin.UnitTests.Support;
using Moq;

namespace Ludmin.UnitTests.Application.Tokens;

public sealed class IssuePublicTokenHandlerTests
{
    private readonly Mock<ITokenIssuer> _tokens = new();

    public IssuePublicTokenHandlerTests() =>
        _tokens.Setup(t => t.IssuePublic(It.IsAny<DeviceId>())).Returns(new IssuedToken("public-jwt", TestData.Now.AddMinutes(5)));

    [Test]
    public async Task Handle_WhenDeviceIdIsThirtyTwoHexDigits_IssuesAPublicTokenForThatDeviceInLowercase()
    {
        var result = await Handler().Handle(new IssuePublicTokenCommand("ABCDEF0123456789ABCDEF0123456789"), CancellationToken.None);

        Assert.Multiple(() =>
        {
            Assert.That(result.Token, Is.EqualTo("public-jwt"));
            Assert.That(result.DeviceId, Is.EqualTo("abcdef0123456789abcdef0123456789"));
            Assert.That(result.UserId, Is.Null);
            Assert.That(result.Type, Is.EqualTo(TokenKind.Public));
            Assert.That(result.ExpiresAt, Is.EqualTo(TestData.Now.AddMinutes(5)));
        });
        _tokens.Verify(t => t.IssuePublic(DeviceId.Parse("abcdef0123456789abcdef0123456789")), Times.Once);
    }

    [TestCase(null)]
    [TestCase("")]
    [TestCase("my-phone")]
    [TestCase("abcdef0123456789abcdef012345678g")]
    public async Task Handle_WhenDeviceIdIsNotThirtyTwoHexDigits_IssuesForAGeneratedDevice(string? given)
    {
        var result = await Handler().Handle(new IssuePublicTokenCommand(given), CancellationToken.None);

        Assert.That(result.DeviceId, Does.Match("^[0-9a-f]{32}$"));
        _tokens.Verify(t => t.IssuePublic(DeviceId.Parse(result.DeviceId)), Times.Once);
    }

    [Test]
    public async Task Handle_WhenNoDeviceIdTwice_GeneratesADifferentDeviceEachTime()
    {
        var first = await Handler().Handle(new IssuePublicTokenCommand(null), CancellationToken.None);
        var second = await Handler().Handle(new IssuePublicTokenCommand(null), CancellationToken.None);

        Assert.That(second.DeviceId, Is.Not.EqualTo(first.DeviceId));
    }

    private IssuePublicTokenHandler Handler() => new(_tokens.Object);
}
