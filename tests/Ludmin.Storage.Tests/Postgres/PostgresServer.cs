namespace Ludmin.Storage.Tests.Postgres;

/// <summary>
/// One throwaway PostgreSQL server for every PostgreSQL test of this assembly (tests/Shared/PostgresCluster.cs),
/// started before the first and removed after the last; each fixture makes a database of its own on it.
/// </summary>
[SetUpFixture]
public sealed class PostgresServer
{
    private static PostgresCluster? _cluster;

    internal static PostgresCluster Cluster => _cluster ?? throw new InvalidOperationException("The PostgreSQL server has not started.");

    [OneTimeSetUp]
    public async Task StartAsync() => _cluster = await PostgresCluster.StartAsync();

    [OneTimeTearDown]
    public async Task StopAsync()
    {
        if (_cluster is not null)
        {
            await _cluster.DisposeAsync();
        }
    }
}
