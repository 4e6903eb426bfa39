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

    // Issue 23, finding 8: the spellings Unicode allows of one mailbox are one key (RFC 8265's
    // case-mapped profile, the domain through IDNA).
    [TestCase("jos\u00E9@example.com", "jose\u0301@example.com", TestName = "Normalize_NfcAndNfd_AreOneKey")]
    [TestCase("\uFF41dmin@example.com", "admin@example.com", TestName = "Normalize_FullwidthAndAscii_AreOneKey")]
    [TestCase("\uFF21\uFF24\uFF2D\uFF29\uFF2E@example.com", "admin@example.com", TestName = "Normalize_FullwidthCapitals_AreLowerAsciiToo")]
    [TestCase("joe@b\u00FCcher.example", "joe@xn--bcher-kva.example", TestName = "Normalize_UnicodeAndAsciiDomain_AreOneKey")]
    [TestCase("Joe@B\u00DCCHER.Example", "joe@xn--bcher-kva.example", TestName = "Normalize_UnicodeDomainInCapitals_IsTheSameAsciiDomain")]
    [TestCase("joe@bu\u0308cher.example", "joe@xn--bcher-kva.example", TestName = "Normalize_DecomposedUnicodeDomain_IsTheSameAsciiDomain")]
    public void Normalize_SpellingsOfOneMailbox_AreOneKey(string one, string other)
    {
        var first = EmailAddress.Create(one);
        var second = EmailAddress.Create(other);

        Assert.That(first.Normalized, Is.EqualTo(second.Normalized));
        Assert.That(first.SameAddressAs(second), Is.True);
        Assert.That(first.Value, Is.EqualTo(one), "kept as typed");
    }

    [Test]
    public void Normalize_KeysOfTheSpellings_AreTheExpectedOnes()
    {
        Assert.That(EmailAddress.Normalize("jose\u0301@example.com"), Is.EqualTo("jos\u00E9@example.com"));
        Assert.That(EmailAddress.Normalize("\uFF41dmin@example.com"), Is.EqualTo("admin@example.com"));
        Assert.That(EmailAddress.Normalize("joe@B\u00FCcher.example"), Is.EqualTo("joe@xn--bcher-kva.example"));
    }

    [TestCase("ann@example.com")]
    [TestCase("  Ann.Lee+tag@Example.co.uk ")]
    [TestCase("O'Brien_x-y@Sub-Domain.Example.ORG")]
    [TestCase("a@b_c.example")]
    [TestCase("a@-bad-.example")]
    [TestCase("a@xn--invalid-punycode-.example")]
    public void Normalize_AsciiAddresses_KeyAsTheyAlwaysDid(string text) =>
        Assert.That(EmailAddress.Normalize(text), Is.EqualTo(text.Trim().ToLowerInvariant()), "keys stored by earlier builds stay valid");

    [Test]
    public void Normalize_LigaturesAndSuperscripts_AreNotFolded()
    {
        // Only the width forms are mapped: NFKC would make these the plain letters.
        Assert.That(EmailAddress.Normalize("\uFB01x@example.com"), Is.Not.EqualTo("fix@example.com"));
        Assert.That(EmailAddress.Normalize("x\u00B2@example.com"), Is.Not.EqualTo("x2@example.com"));
    }

    // Built in code: an attribute cannot carry half a surrogate pair (it is stored as UTF-8).
    [TestCase("ann", "@example.com", '\uD800')]
    [TestCase("", "ann@example.com", '\uDC00')]
    public void TryCreate_WhenHalfASurrogatePair_Refuses(string before, string after, char half)
    {
        var text = before + half + after;
        Assert.That(EmailAddress.TryCreate(text, out _), Is.False);
        Assert.That(() => EmailAddress.Normalize(text), Throws.Nothing, "a rate limit keys on text that is no address");
    }

    [TestCase("no address at all \uFF41")]
    [TestCase("x@")]
    [TestCase("@@@")]
    public void Normalize_OfTextThatIsNoAddress_NeverThrows(string text) =>
        Assert.That(() => EmailAddress.Normalize(text), Throws.Nothing);

    [Test]
    public void TryCreate_WithAnEmojiPair_KeepsIt() =>
        Assert.That(EmailAddress.TryCreate("ann\U0001F600@example.com", out _), Is.True);

    [Test]
    public void SameAddressAs_IgnoresCase() =>
        Assert.That(EmailAddress.Create("Ann@Example.com").SameAddressAs(EmailAddress.Create("ann@example.COM")), Is.True);
}
