using Ludmin.Api.Tests.Support;

/// <summary>After the assembly's last test: the shared PostgreSQL server goes, if a test started it.</summary>
[SetUpFixture]
public sealed class TestPostgresTeardown
{
    [OneTimeTearDown]
    public Task StopAsync() => TestPostgres.StopAsync();
}
