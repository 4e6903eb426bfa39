using Ludmin.Domain.Common;

namespace Ludmin.UnitTests.Domain;

public sealed class TimestampPrecisionTests
{
    [Test]
    public void Truncate_WhenGivenLocalTimeWithTicks_GivesUtcCutToWholeMilliseconds()
    {
        var local = new DateTimeOffset(2025, 3, 14, 11, 26, 53, 589, TimeSpan.FromHours(2)).AddTicks(9999);

        var truncated = TimestampPrecision.Truncate(local);

        Assert.Multiple(() =>
        {
            Assert.That(truncated.Offset, Is.EqualTo(TimeSpan.Zero));
            Assert.That(truncated.DateTime, Is.EqualTo(new DateTime(2025, 3, 14, 9, 26, 53, 589)));
            Assert.That(truncated.Ticks % TimeSpan.TicksPerMillisecond, Is.Zero);
        });
    }

    [Test]
    public void Truncate_WhenAlreadyWholeMillisecondsInUtc_ReturnsTheSameInstant()
    {
        var instant = new DateTimeOffset(2025, 3, 14, 9, 26, 53, 589, TimeSpan.Zero);

        Assert.That(TimestampPrecision.Truncate(instant), Is.EqualTo(instant));
    }
}
