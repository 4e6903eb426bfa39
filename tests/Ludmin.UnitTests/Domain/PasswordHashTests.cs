using Ludmin.Domain.Users;

namespace Ludmin.UnitTests.Domain;

public sealed class PasswordHashTests
{
    private const string Stored = "$argon2id$v=19$m=19456,t=2,p=1$c2FsdHNhbHRzYWx0$aGFzaGhhc2hoYXNoaGFzaA";

    [Test]
    public void FromStored_WhenGivenText_KeepsItExactly() =>
        Assert.That(PasswordHash.FromStored(Stored).Value, Is.EqualTo(Stored));

    [TestCase("")]
    [TestCase("   ")]
    public void FromStored_WhenBlank_Refuses(string text) =>
        Assert.That(() => PasswordHash.FromStored(text), Throws.ArgumentException);

    [Test]
    public void ToString_WhenPrintedDirectlyOrInsideText_NeverShowsTheHash()
    {
        var hash = PasswordHash.FromStored(Stored);

        Assert.Multiple(() =>
        {
            Assert.That(hash.ToString(), Does.Not.Contain("argon2").And.Not.Contain("c2FsdHNhbHRzYWx0"));
            Assert.That($"hash: {hash}", Does.Not.Contain("argon2"));
            Assert.That(new { Hash = hash }.ToString(), Does.Not.Contain("argon2"));
        });
    }

    [Test]
    public void Equality_WhenSameText_IsEqual() =>
        Assert.That(PasswordHash.FromStored(Stored), Is.EqualTo(PasswordHash.FromStored(Stored)));
}
