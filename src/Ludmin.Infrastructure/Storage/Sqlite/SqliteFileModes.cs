using System.Runtime.Versioning;
using Microsoft.Extensions.Logging;

namespace Ludmin.Infrastructure.Storage.Sqlite;

/// <summary>
/// The store holds password hashes, addresses and session ids, so it is the service user's alone:
/// its folder 0700, the database and its -wal and -shm 0600. SQLite gives -wal and -shm the mode of
/// the database file, so a database created 0600 keeps them so. What an earlier version, a restore
/// or a hand left looser is tightened at start, and logged. Only paths are touched (stat, chmod),
/// never opened: closing a file SQLite has open in this process would drop its locks. Windows has
/// no such modes and is left as it is.
/// </summary>
internal static partial class SqliteFileModes
{
    private const UnixFileMode FolderMode = UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute;
    private const UnixFileMode FileMode = UnixFileMode.UserRead | UnixFileMode.UserWrite;

    /// <summary>
    /// The database's folder made 0700 when missing; an existing one tightened only when it is
    /// Ludmin's (<paramref name="folderIsLudmins"/>): a folder the operator chose may hold what others need.
    /// </summary>
    public static void PrepareFolder(string folder, bool folderIsLudmins, ILogger logger)
    {
        if (OperatingSystem.IsWindows())
        {
            Directory.CreateDirectory(folder);
        }
        else if (!Directory.Exists(folder))
        {
            Directory.CreateDirectory(folder, FolderMode);
        }
        else if (folderIsLudmins)
        {
            Tighten(folder, FolderMode, logger);
        }
    }

    /// <summary>
    /// Before SQLite opens <paramref name="database"/>: created empty and 0600 when missing (SQLite
    /// takes an empty file for a new database, and gives its -wal and -shm the same mode), and the
    /// files already there tightened.
    /// </summary>
    public static void PrepareFiles(string database, ILogger logger)
    {
        if (OperatingSystem.IsWindows())
        {
            return;
        }

        CreateWhenMissing(database);
        TightenFiles(database, logger);
    }

    /// <summary>The database, -wal and -shm that exist, made 0600 where they are looser.</summary>
    public static void TightenFiles(string database, ILogger logger)
    {
        if (OperatingSystem.IsWindows())
        {
            return;
        }

        foreach (var file in new[] { database, database + "-wal", database + "-shm" })
        {
            Tighten(file, FileMode, logger);
        }
    }

    [UnsupportedOSPlatform("windows")]
    private static void CreateWhenMissing(string database)
    {
        if (File.Exists(database))
        {
            return;
        }

        try
        {
            using var created = new FileStream(database, new FileStreamOptions { Mode = System.IO.FileMode.CreateNew, Access = FileAccess.Write, UnixCreateMode = FileMode });
        }
        catch (IOException) when (File.Exists(database))
        {
            // Another instance starting on the same file made it first: CreateNew opened nothing of it.
        }
    }

    [UnsupportedOSPlatform("windows")]
    private static void Tighten(string path, UnixFileMode allowed, ILogger logger)
    {
        if (!File.Exists(path) && !Directory.Exists(path))
        {
            return;
        }

        var mode = File.GetUnixFileMode(path);
        if ((mode & ~allowed) == 0)
        {
            return;
        }

        var tightened = mode & allowed;
        try
        {
            File.SetUnixFileMode(path, tightened);
            LogTightened(logger, path, Octal(mode), Octal(tightened));
        }
        catch (Exception ex) when (ex is UnauthorizedAccessException or IOException)
        {
            // Owned by another user: the store still works, and the operator is told what to fix.
            LogNotTightened(logger, path, Octal(mode), Octal(tightened), ex.Message);
        }
    }

    private static string Octal(UnixFileMode mode) => Convert.ToString((int)mode, 8).PadLeft(4, '0');

    [LoggerMessage(Level = LogLevel.Warning, EventName = "SqliteFileModeTightened", Message = "{Path} was open to other users (mode {Before}); made {After}: the store holds password hashes, addresses and session ids.")]
    private static partial void LogTightened(ILogger logger, string path, string before, string after);

    [LoggerMessage(Level = LogLevel.Error, EventName = "SqliteFileModeNotTightened", Message = "{Path} is open to other users (mode {Before}) and could not be made {After}: {Reason}. Run chmod {After} on it as its owner.")]
    private static partial void LogNotTightened(ILogger logger, string path, string before, string after, string reason);
}
