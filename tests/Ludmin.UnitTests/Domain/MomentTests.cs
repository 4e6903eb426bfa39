using Ludmin.Domain.Common;

namespace Ludmin.UnitTests.Domain;

public sealed class MomentTests
{
    [Test]
    public void Normalize_WhenGivenLocalTimeWithTicks_GivesUtcTruncatedToWholeMilliseconds()
    {
        var local = new DateTimeOffset(2025, 3, 14, 11, 26, 53, 589, TimeSpan.FromHours(2)).AddTicks(9999);

        var normalized = Moment.Normalize(local);

        Assert.Multiple(() =>
        {
            Assert.That(normalized.Offset, Is.EqualTo(TimeSpan.Zero));
            Assert.That(normalized.DateTime, Is.EqualTo(new DateTime(2025, 3, 14, 9, 26, 53, 589)));
            Assert.That(normalized.Ticks % TimeSpan.TicksPerMillisecond, Is.Zero);
        });
    }

    [Test]
    public void Normalize_WhenAlreadyNormal_ReturnsTheSameMoment()
    {
        var moment = new DateTimeOffset(2025, 3, 14, 9, 26, 53, 589, TimeSpan.Zero);

        Assert.That(Moment.Normalize(moment), Is.EqualTo(moment));
    }
}
