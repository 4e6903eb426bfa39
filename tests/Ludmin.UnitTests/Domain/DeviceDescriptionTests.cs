using Ludmin.Domain.Users;

namespace Ludmin.UnitTests.Domain;

public sealed class DeviceDescriptionTests
{
    [TestCase(null)]
    [TestCase("")]
    [TestCase("   ")]
    public void TryCreate_WhenNothingGiven_GivesEmpty(string? text)
    {
        Assert.That(DeviceDescription.TryCreate(text, out var description), Is.True);
        Assert.That(description, Is.SameAs(DeviceDescription.Empty));
        Assert.That(description!.Value, Is.Empty);
    }

    [Test]
    public void TryCreate_WhenTextHasSurroundingSpaces_KeepsItTrimmed()
    {
        Assert.That(DeviceDescription.TryCreate("  Macbook Pro ", out var description), Is.True);
        Assert.That(description!.Value, Is.EqualTo("Macbook Pro"));
    }

    [Test]
    public void TryCreate_WhenExactlyMaxLength_Accepts() =>
        Assert.That(DeviceDescription.TryCreate(new string('d', DeviceDescription.MaxLength), out _), Is.True);

    [Test]
    public void TryCreate_WhenLongerThanMaxLength_Refuses() =>
        Assert.That(DeviceDescription.TryCreate(new string('d', DeviceDescription.MaxLength + 1), out _), Is.False);

    [TestCase("Phone\t2")]
    [TestCase("Phone\u0007")]
    [TestCase("Phone\u200E")]
    public void TryCreate_WhenHoldingControlCharacters_Refuses(string text) =>
        Assert.That(DeviceDescription.TryCreate(text, out _), Is.False);

    [Test]
    public void Create_WhenInvalid_ThrowsFormatException() =>
        Assert.That(() => DeviceDescription.Create(new string('d', 101)), Throws.TypeOf<FormatException>());
}
