namespace Ludmin.Infrastructure.Storage.Sqlite;

/// <summary>Which file a path names (device and inode), and the attributes that stop writes to it.</summary>
internal readonly record struct FileFacts(ulong Device, ulong Inode, bool Immutable, bool AppendOnly)
{
    public bool SameFileAs(FileFacts other) => Device == other.Device && Inode == other.Inode;
}
