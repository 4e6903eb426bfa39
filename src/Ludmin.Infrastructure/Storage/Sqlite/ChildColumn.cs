using Microsoft.Data.Sqlite;

namespace Ludmin.Infrastructure.Storage.Sqlite;

/// <summary>
/// One column of a child row (an address, a device) as <see cref="SqliteUserRepository"/>
/// inserts it: the statement's parameter, its type, and its value from the child and the
/// child's position in the user's list.
/// </summary>
internal readonly record struct ChildColumn<T>(string Parameter, SqliteType Type, Func<T, int, object> Value);
