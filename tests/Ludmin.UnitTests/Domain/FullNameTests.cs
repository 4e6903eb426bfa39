using Ludmin.Domain.Users;

namespace Ludmin.UnitTests.Domain;

public sealed class FullNameTests
{
    [Test]
    public void TryCreate_WhenNameHasSurroundingSpaces_KeepsItTrimmed()
    {
        Assert.That(FullName.TryCreate("  Ann Lee  ", out var name), Is.True);
        Assert.That(name!.Value, Is.EqualTo("Ann Lee"));
        Assert.That(name.ToString(), Is.EqualTo("Ann Lee"));
    }

    [Test]
    public void TryCreate_WhenExactlyMaxLength_Accepts() =>
        Assert.That(FullName.TryCreate(new string('a', FullName.MaxLength), out _), Is.True);

    [TestCase(null)]
    [TestCase("")]
    [TestCase("   ")]
    [TestCase("Ann\nLee")]
    [TestCase("Ann\u0000")]
    [TestCase("Ann\u200BLee")]
    [TestCase("Ann\u202ELee")]
    [TestCase("Ann\u2028Lee")]
    public void TryCreate_WhenEmptyOrHoldingControlCharacters_Refuses(string? text) =>
        Assert.That(FullName.TryCreate(text, out _), Is.False);

    [Test]
    public void TryCreate_WhenLongerThanMaxLength_Refuses() =>
        Assert.That(FullName.TryCreate(new string('a', FullName.MaxLength + 1), out _), Is.False);

    [Test]
    public void Create_WhenInvalid_ThrowsFormatException() =>
        Assert.That(() => FullName.Create(" "), Throws.TypeOf<FormatException>());

    [Test]
    public void Equality_WhenSameTrimmedText_IsEqual() =>
        Assert.That(FullName.Create(" Ann "), Is.EqualTo(FullName.Create("Ann")));
}
