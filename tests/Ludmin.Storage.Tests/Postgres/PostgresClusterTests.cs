namespace Ludmin.Storage.Tests.Postgres;

/// <summary>
/// The throwaway server the PostgreSQL tests run on (tests/Shared/PostgresCluster.cs) is what it
/// claims: a real server, durable (fsync on), a database of its own per fixture, and a crash on
/// request.
/// </summary>
[TestFixture]
[NonParallelizable]
public sealed class PostgresClusterTests
{
    [Test]
    public async Task Start_GivesADurableServerWithADatabaseOfItsOwnPerCall()
    {
        await using var cluster = await PostgresCluster.StartAsync();
        if (cluster.DataDirectory is null)
        {
            Assert.Ignore($"{PostgresCluster.ServerVariable} names a server of its own; this test is about the throwaway cluster.");
        }

        var first = await cluster.CreateDatabaseAsync("ludmin_harness");
        var second = await cluster.CreateDatabaseAsync("ludmin_harness");

        Assert.That(first, Is.Not.EqualTo(second));
        Assert.That(await cluster.SqlAsync("SHOW fsync"), Is.EqualTo("on"));
        var database = first.Split(';').Single(part => part.StartsWith("Database=", StringComparison.Ordinal))["Database=".Length..];
        Assert.That(await cluster.SqlAsync("SELECT current_database()", database), Is.EqualTo(database));
    }

    [Test]
    public async Task Kill_EndsTheServerAtOnce()
    {
        await using var cluster = await PostgresCluster.StartAsync();
        if (cluster.DataDirectory is null)
        {
            Assert.Ignore($"{PostgresCluster.ServerVariable} names a server of its own; this test is about the throwaway cluster.");
        }

        await cluster.KillAsync();

        Assert.That(async () => await cluster.SqlAsync("SELECT 1"), Throws.InvalidOperationException);
    }
}
