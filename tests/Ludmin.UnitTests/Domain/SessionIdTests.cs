using Ludmin.Domain.Users;

namespace Ludmin.UnitTests.Domain;

public sealed class SessionIdTests
{
    [Test]
    public void New_WhenCalled_GivesDistinctThirtyTwoLowercaseHexDigits()
    {
        var first = SessionId.New();
        var second = SessionId.New();

        Assert.That(first.Value, Does.Match("^[0-9a-f]{32}$"));
        Assert.That(second.Value, Does.Match("^[0-9a-f]{32}$"));
        Assert.That(second, Is.Not.EqualTo(first));
    }

    [Test]
    public void TryParse_WhenGivenUppercaseHex_KeepsItLowercase()
    {
        Assert.That(SessionId.TryParse("ABCDEF0123456789ABCDEF0123456789", out var id), Is.True);
        Assert.That(id.Value, Is.EqualTo("abcdef0123456789abcdef0123456789"));
        Assert.That(id, Is.EqualTo(SessionId.Parse("abcdef0123456789abcdef0123456789")));
    }

    [Test]
    public void Parse_WhenGivenANewIdsValue_GivesAnEqualId()
    {
        var id = SessionId.New();

        Assert.That(SessionId.Parse(id.Value), Is.EqualTo(id));
    }

    [TestCase(null)]
    [TestCase("")]
    [TestCase("abcdef0123456789abcdef012345678")]
    [TestCase("abcdef0123456789abcdef01234567890")]
    [TestCase("abcdef0123456789abcdef012345678z")]
    [TestCase(" abcdef0123456789abcdef012345678")]
    [TestCase("abcdef01-2345-6789-abcd-ef0123456789")]
    public void TryParse_WhenNotThirtyTwoHexDigits_Refuses(string? text)
    {
        Assert.That(SessionId.TryParse(text, out var id), Is.False);
        Assert.That(() => id.Value, Throws.InvalidOperationException, "what a refused parse leaves cannot be used");
    }

    [Test]
    public void Parse_WhenMalformed_ThrowsFormatException() =>
        Assert.That(() => SessionId.Parse("session-1"), Throws.TypeOf<FormatException>());


    [Test]
    public void ToString_WhenParsed_IsTheValue()
    {
        var id = SessionId.New();

        Assert.That(id.ToString(), Is.EqualTo(id.Value));
    }
}
