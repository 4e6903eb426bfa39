namespace Ludmin.Infrastructure.Storage;

public sealed class SqliteStorageOptions
{
    /// <summary>The database file; relative paths are under the data folder.</summary>
    public string Path { get; set; } = "ludmin.db";

    /// <summary>Threads (each with its own connection) serving reads; writes have one thread of their own.</summary>
    public int ReaderThreads { get; set; } = 2;

    /// <summary>Readiness fails while the data folder's filesystem has less free space than this, in MiB (0 turns the check off).</summary>
    public long MinFreeSpaceMB { get; set; } = 64;

    /// <summary>How long a readiness answer is reused: the write probe runs at most once per interval, however often readiness is asked.</summary>
    public TimeSpan ProbeInterval { get; set; } = TimeSpan.FromSeconds(5);
}
