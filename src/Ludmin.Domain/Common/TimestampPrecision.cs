namespace Ludmin.Domain.Common;

/// <summary>
/// Timestamps are kept to whole milliseconds in UTC, the finest grain every store keeps
/// (BSON dates are milliseconds), so an aggregate reads back exactly as it was saved.
/// </summary>
public static class TimestampPrecision
{
    /// <summary>The same instant in UTC, cut to whole milliseconds.</summary>
    public static DateTimeOffset Truncate(DateTimeOffset value)
    {
        var utc = value.ToUniversalTime();
        return new DateTimeOffset(utc.Ticks - (utc.Ticks % TimeSpan.TicksPerMillisecond), TimeSpan.Zero);
    }
}
