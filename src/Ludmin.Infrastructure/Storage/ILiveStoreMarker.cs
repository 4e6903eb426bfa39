namespace Ludmin.Infrastructure.Storage;

/// <summary>
/// Whether a store has served the API: the API marks it when it first starts on it
/// (<c>served_live_since</c>, kept for good), and copy-store refuses such a target unless told to
/// overwrite it, since a copy into a live store brings back users deleted there since and sessions
/// ended there (docs/operations.md, "Moving between stores").
/// </summary>
public interface ILiveStoreMarker
{
    /// <summary>Records that the API serves on this store from <paramref name="now"/>; a store marked before keeps its first date.</summary>
    Task MarkServedLiveAsync(DateTimeOffset now, CancellationToken cancellationToken);

    /// <summary>When the API first served on this store, or null if it never has.</summary>
    Task<DateTimeOffset?> ServedLiveSinceAsync(CancellationToken cancellationToken);
}
