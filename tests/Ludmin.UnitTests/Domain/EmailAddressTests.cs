using Ludmin.Domain.Users;

namespace Ludmin.UnitTests.Domain;

public sealed class EmailAddressTests
{
    [TestCase("ann@example.com")]
    [TestCase("  Ann.Lee+tag@Example.co.uk ")]
    public void TryCreate_WhenAddressIsWellFormed_KeepsItTrimmedAsTyped(string text)
    {
        Assert.That(EmailAddress.TryCreate(text, out var email), Is.True);
        Assert.That(email!.Value, Is.EqualTo(text.Trim()));
        Assert.That(email.Normalized, Is.EqualTo(text.Trim().ToLowerInvariant()));
    }

    [TestCase(null)]
    [TestCase("")]
    [TestCase("   ")]
    [TestCase("no-at-sign")]
    [TestCase("two@@example.com")]
    [TestCase("a@b@example.com")]
    [TestCase("@example.com")]
    [TestCase("ann@")]
    [TestCase("ann@localhost")]
    [TestCase("ann@.example.com")]
    [TestCase("ann@example..com")]
    [TestCase("ann lee@example.com")]
    [TestCase("ann\u0000@example.com")]
    [TestCase("ann\u202E@example.com")]
    [TestCase("<ann@example.com>")]
    public void TryCreate_WhenAddressIsMalformed_Refuses(string? text) =>
        Assert.That(EmailAddress.TryCreate(text, out _), Is.False);

    [Test]
    public void TryCreate_WhenLongerThan254Characters_Refuses()
    {
        var text = new string('a', 64) + "@" + new string('b', 186) + ".com";
        Assert.That(text, Has.Length.EqualTo(255));
        Assert.That(EmailAddress.TryCreate(text, out _), Is.False);
    }

    [Test]
    public void SameAddressAs_IgnoresCase() =>
        Assert.That(EmailAddress.Create("Ann@Example.com").SameAddressAs(EmailAddress.Create("ann@example.COM")), Is.True);
}
