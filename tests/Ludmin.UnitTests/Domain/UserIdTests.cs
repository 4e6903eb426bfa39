using Ludmin.Domain.Users;

namespace Ludmin.UnitTests.Domain;

public sealed class UserIdTests
{
    [Test]
    public void New_WhenCalled_GivesDistinctLowercaseHexVersion7Ids()
    {
        var first = UserId.New();
        var second = UserId.New();

        Assert.Multiple(() =>
        {
            Assert.That(first.Value, Does.Match("^[0-9a-f]{32}$"));
            Assert.That(first.Value[12], Is.EqualTo('7'), "the version nibble of a time-ordered GUID");
            Assert.That(second, Is.Not.EqualTo(first));
        });
    }

    [Test]
    public void TryParse_WhenGivenUppercaseHex_KeepsItLowercaseAndEqualToTheLowercaseForm()
    {
        const string text = "0195A1B2C3D47E8F9A0B1C2D3E4F5A6B";

        Assert.That(UserId.TryParse(text, out var id), Is.True);
        Assert.That(id.Value, Is.EqualTo(text.ToLowerInvariant()));
        Assert.That(id, Is.EqualTo(UserId.Parse(text.ToLowerInvariant())));
    }

    [TestCase(null)]
    [TestCase("")]
    [TestCase("me")]
    [TestCase("0195a1b2c3d47e8f9a0b1c2d3e4f5a6")]
    [TestCase("0195a1b2c3d47e8f9a0b1c2d3e4f5a6b7")]
    [TestCase("0195a1b2-c3d4-7e8f-9a0b-1c2d3e4f")]
    [TestCase("0195a1b2c3d47e8f9a0b1c2d3e4f5a6g")]
    public void TryParse_WhenNotThirtyTwoHexDigits_Refuses(string? text) =>
        Assert.That(UserId.TryParse(text, out _), Is.False);

    [Test]
    public void Parse_WhenMalformed_ThrowsFormatException() =>
        Assert.That(() => UserId.Parse("nope"), Throws.TypeOf<FormatException>());
}
