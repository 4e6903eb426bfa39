namespace Ludmin.Infrastructure.Storage.Sqlite;

/// <summary>The database's files are in a state SQLite does not report itself (deleted, replaced, an immutable -shm); the store refuses the operation.</summary>
internal sealed class SqliteFileFault(string reason) : Exception(reason);
