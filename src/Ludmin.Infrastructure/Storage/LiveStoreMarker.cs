using System.Globalization;

namespace Ludmin.Infrastructure.Storage;

/// <summary>The marker's name and how its date is written, the same in every store.</summary>
internal static class LiveStoreMarker
{
    public const string Name = "served_live_since";

    public static string Format(DateTimeOffset moment) => moment.UtcDateTime.ToString("O", CultureInfo.InvariantCulture);

    public static DateTimeOffset? Parse(string? value) =>
        value is null ? null : DateTimeOffset.Parse(value, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal);

    /// <summary>Why copy-store refuses a target, with the flag that would overwrite it.</summary>
    public static string Refusal(string target, DateTimeOffset since) =>
        $"{target} has served the API since {Format(since)} ({Name}): a copy into it would bring back users deleted there since, "
        + "sessions ended there and older refresh generations. Copy into a new, empty store; or, if this store's own data may be "
        + "overwritten by the SQLite file's, add --overwrite-live-store.";
}
