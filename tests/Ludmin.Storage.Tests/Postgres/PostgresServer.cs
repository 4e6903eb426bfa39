namespace Ludmin.Storage.Tests.Postgres;

/// <summary>
/// One throwaway PostgreSQL server for every PostgreSQL test of this assembly (tests/Shared/PostgresCluster.cs),
/// started by the first test that asks for it and removed after the last test of the assembly; each
/// fixture makes a database of its own on it.
/// </summary>
internal static class PostgresServer
{
    private static readonly Lazy<Task<PostgresCluster>> Started = new(PostgresCluster.StartAsync);

    /// <summary>The server, started on first use (ignored with the reason, or failed under LUDMIN_REQUIRE_POSTGRES=1, without the binaries).</summary>
    public static Task<PostgresCluster> ClusterAsync() => Started.Value;

    /// <summary>A new, empty database on the server, and its connection string.</summary>
    public static async Task<string> CreateDatabaseAsync(string prefix) => await (await ClusterAsync()).CreateDatabaseAsync(prefix);

    internal static async Task StopAsync()
    {
        if (Started.IsValueCreated && Started.Value.IsCompletedSuccessfully)
        {
            await (await Started.Value).DisposeAsync();
        }
    }
}
