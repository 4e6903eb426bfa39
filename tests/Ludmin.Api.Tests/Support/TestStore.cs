namespace Ludmin.Api.Tests.Support;

/// <summary>The store a test server runs on.</summary>
public enum TestStore
{
    /// <summary>A SQLite file in the server's data folder (the default).</summary>
    Sqlite,

    /// <summary>A database of its own on the test PostgreSQL server (<see cref="TestPostgres"/>).</summary>
    Postgres,
}
