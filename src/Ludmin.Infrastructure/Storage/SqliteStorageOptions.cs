namespace Ludmin.Infrastructure.Storage;

public sealed class SqliteStorageOptions
{
    /// <summary>The database file; relative paths are under the data folder.</summary>
    public string Path { get; set; } = "ludmin.db";

    /// <summary>Threads (each with its own connection) serving reads; writes have one thread of their own.</summary>
    public int ReaderThreads { get; set; } = 2;
}
