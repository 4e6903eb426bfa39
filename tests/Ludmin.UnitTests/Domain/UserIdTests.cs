using Ludmin.Domain.Users;

namespace Ludmin.UnitTests.Domain;

/// <summary>What only user ids have; what all the ids share is in <see cref="IdTests"/>.</summary>
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
}
