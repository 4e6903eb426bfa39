namespace Ludmin.Infrastructure.Storage.Sqlite;

/// <summary>Which file a path names (device and inode), and the attributes that stop writes to it.</summary>
internal readonly record struct FileIdentityAndAttributes(ulong Device, ulong Inode, bool Immutable, bool AppendOnly)
{
    public bool SameFileAs(FileIdentityAndAttributes other) => Device == other.Device && Inode == other.Inode;
}
