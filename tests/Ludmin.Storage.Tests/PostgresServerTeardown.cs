using Ludmin.Storage.Tests.Postgres;

/// <summary>After the assembly's last test: the shared PostgreSQL server goes, if a test started it.</summary>
[SetUpFixture]
public sealed class PostgresServerTeardown
{
    [OneTimeTearDown]
    public Task StopAsync() => PostgresServer.StopAsync();
}
