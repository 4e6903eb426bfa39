namespace Ludmin.Infrastructure.Storage.Sqlite;

/// <summary>Timestamps are stored as Unix milliseconds: exact for the domain's whole-millisecond times, and sortable.</summary>
internal static class UnixTime
{
    public static long ToMilliseconds(DateTimeOffset value) => value.ToUnixTimeMilliseconds();

    public static DateTimeOffset FromMilliseconds(long value) => DateTimeOffset.FromUnixTimeMilliseconds(value);
}
