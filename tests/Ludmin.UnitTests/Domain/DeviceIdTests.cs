using Ludmin.Domain.Users;

namespace Ludmin.UnitTests.Domain;

public sealed class DeviceIdTests
{
    [Test]
    public void New_WhenCalled_GivesDistinctThirtyTwoLowercaseHexDigits()
    {
        var first = DeviceId.New();
        var second = DeviceId.New();

        Assert.That(first.Value, Does.Match("^[0-9a-f]{32}$"));
        Assert.That(second, Is.Not.EqualTo(first));
    }

    [Test]
    public void TryParse_WhenGivenUppercaseHex_KeepsItLowercase()
    {
        Assert.That(DeviceId.TryParse("ABCDEF0123456789ABCDEF0123456789", out var id), Is.True);
        Assert.That(id.Value, Is.EqualTo("abcdef0123456789abcdef0123456789"));
        Assert.That(id, Is.EqualTo(DeviceId.Parse("abcdef0123456789abcdef0123456789")));
    }

    [TestCase(null)]
    [TestCase("")]
    [TestCase("abcdef0123456789abcdef012345678")]
    [TestCase("abcdef0123456789abcdef01234567890")]
    [TestCase("abcdef0123456789abcdef012345678z")]
    [TestCase(" abcdef0123456789abcdef012345678")]
    public void TryParse_WhenNotThirtyTwoHexDigits_Refuses(string? text) =>
        Assert.That(DeviceId.TryParse(text, out _), Is.False);

    [Test]
    public void Parse_WhenMalformed_ThrowsFormatException() =>
        Assert.That(() => DeviceId.Parse("device-1"), Throws.TypeOf<FormatException>());
}
