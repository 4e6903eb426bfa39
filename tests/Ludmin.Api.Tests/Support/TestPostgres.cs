namespace Ludmin.Api.Tests.Support;

/// <summary>
/// One throwaway PostgreSQL server for the API tests that run on PostgreSQL
/// (tests/Shared/PostgresCluster.cs), started by the first that asks, removed after the last test
/// of the assembly (<see cref="TestPostgresTeardown"/>); each server gets a database of its own.
/// </summary>
internal static class TestPostgres
{
    private static readonly Lazy<Task<PostgresCluster>> Started = new(PostgresCluster.StartAsync);

    public static Task<PostgresCluster> ClusterAsync() => Started.Value;

    /// <summary>A new, empty database, and its connection string.</summary>
    public static string CreateDatabase(string prefix) => CreateDatabaseAsync(prefix).GetAwaiter().GetResult();

    public static async Task<string> CreateDatabaseAsync(string prefix) => await (await ClusterAsync()).CreateDatabaseAsync(prefix);

    internal static async Task StopAsync()
    {
        if (Started.IsValueCreated && Started.Value.IsCompletedSuccessfully)
        {
            await (await Started.Value).DisposeAsync();
        }
    }
}
