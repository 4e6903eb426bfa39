using System.Runtime.InteropServices;

namespace Ludmin.Infrastructure.Storage.Sqlite;

/// <summary>
/// The few file facts .NET does not expose: which file a path names now (device and inode),
/// whether it is immutable or append-only, and whether this process may write it, all without
/// opening it. Opening and closing a file that SQLite has open would drop SQLite's POSIX locks
/// on it, so none of these ever opens one. Linux only (statx); elsewhere they answer "unknown".
/// </summary>
internal static partial class UnixFiles
{
    private const int AtCurrentDirectory = -100;
    private const uint StatxBasicStats = 0x7ff;
    private const ulong AttributeImmutable = 0x10;
    private const ulong AttributeAppend = 0x20;
    private const int WriteAccess = 2;
    private const int NoSuchFile = 2;
    private const int StatxSize = 256;

    private static bool _statxMissing;

    /// <summary>What statx says of <paramref name="path"/>; null when it cannot say (not Linux) or the path is missing (<paramref name="missing"/>).</summary>
    public static FileIdentityAndAttributes? Stat(string path, out bool missing)
    {
        missing = false;
        if (!OperatingSystem.IsLinux() || Volatile.Read(ref _statxMissing))
        {
            missing = !File.Exists(path);
            return null;
        }

        var buffer = new byte[StatxSize];
        int result;
        try
        {
            result = Statx(AtCurrentDirectory, path, 0, StatxBasicStats, buffer);
        }
        catch (EntryPointNotFoundException)
        {
            // A C library older than glibc 2.28 (or musl before 1.2.5): fall back to existence alone.
            Volatile.Write(ref _statxMissing, true);
            missing = !File.Exists(path);
            return null;
        }

        if (result != 0)
        {
            missing = Marshal.GetLastPInvokeError() == NoSuchFile;
            return null;
        }

        // struct statx has the same layout on every Linux architecture (uapi/linux/stat.h).
        // Fields are in the machine's own byte order, as BitConverter reads them.
        var attributes = BitConverter.ToUInt64(buffer, 8);
        var inode = BitConverter.ToUInt64(buffer, 32);
        var deviceMajor = BitConverter.ToUInt32(buffer, 136);
        var deviceMinor = BitConverter.ToUInt32(buffer, 140);
        return new FileIdentityAndAttributes(
            ((ulong)deviceMajor << 32) | deviceMinor,
            inode,
            (attributes & AttributeImmutable) != 0,
            (attributes & AttributeAppend) != 0);
    }

    /// <summary>
    /// Why this process may not write <paramref name="path"/> (an immutable file, a read-only
    /// filesystem, no permission), or null when it may or the platform cannot tell. access(2)
    /// answers for root too, which file modes alone do not.
    /// </summary>
    public static string? WhyNotWritable(string path)
    {
        if (OperatingSystem.IsWindows())
        {
            return null;
        }

        if (Access(path, WriteAccess) == 0)
        {
            return null;
        }

        var errno = Marshal.GetLastPInvokeError();
        return errno == NoSuchFile ? null : Marshal.GetPInvokeErrorMessage(errno);
    }

    [LibraryImport("libc", EntryPoint = "statx", SetLastError = true, StringMarshalling = StringMarshalling.Utf8)]
    private static partial int Statx(int directory, string path, int flags, uint mask, [Out] byte[] buffer);

    [LibraryImport("libc", EntryPoint = "access", SetLastError = true, StringMarshalling = StringMarshalling.Utf8)]
    private static partial int Access(string path, int mode);
}
