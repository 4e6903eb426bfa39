using Ludmin.Domain.Common;
using Ludmin.Domain.Users;
using Ludmin.Infrastructure.Storage.Postgres;
using Ludmin.Storage.Tests.Contract;
using Npgsql;

namespace Ludmin.Storage.Tests.Postgres;

/// <summary>
/// Faults of a real server answer as the store being unavailable (503 store_unavailable), never
/// as an error of ours (500): a server killed mid-operation, a read-only server, a statement or
/// lock timeout, connections ended by the server (as a failover or an administrator ends them).
/// </summary>
[TestFixture]
[NonParallelizable]
public sealed class PostgresFaultTests
{
    [Test]
    public async Task Update_WhenTheServerIsKilledWhileItWaits_IsUnavailableAndReadinessSaysWhy()
    {
        await using var cluster = await PostgresCluster.StartAsync();
        if (cluster.DataDirectory is null)
        {
            Assert.Ignore($"{PostgresCluster.ServerVariable} names a server of its own, which this test would have to kill.");
        }

        var connectionString = await cluster.CreateDatabaseAsync("ludmin_kill");
        await using var database = new PostgresDatabase(connectionString);
        var users = new PostgresUserRepository(database);
        var user = Users.New();
        await users.AddAsync(user, CancellationToken.None);
        var stored = (await users.FindByIdAsync(user.Id, CancellationToken.None))!;
        stored.Rename(FullName.Create("Never Acknowledged"), Users.Epoch.AddHours(1));

        var holder = await HoldUserRowAsync(connectionString, user.Id);
        var update = users.UpdateAsync(stored, CancellationToken.None);
        await WaitUntilSomebodyWaitsOnALockAsync(holder);
        await cluster.KillAsync();

        var failure = Assert.ThrowsAsync<PostgresUnavailableException>(() => update);
        Assert.That(failure!.Error, Is.EqualTo(Errors.StoreUnavailable));
        Assert.That(async () => await users.FindByIdAsync(user.Id, CancellationToken.None), Throws.InstanceOf<PostgresUnavailableException>());
        Assert.That(await database.ProbeAsync(CancellationToken.None), Does.Contain("cannot be reached").Or.Contain("shutting down"));
        await DisposeQuietlyAsync(holder);
    }

    [Test]
    public async Task Writes_OnAReadOnlyServer_AreUnavailableWhileReadsGoOn()
    {
        var connectionString = await PostgresServer.CreateDatabaseAsync("ludmin_read_only");
        await using (var migrated = new PostgresDatabase(connectionString))
        {
            await new PostgresUserRepository(migrated).AddAsync(Users.New(), CancellationToken.None);
        }

        await SuperuserAsync(connectionString, $"ALTER DATABASE \"{new NpgsqlConnectionStringBuilder(connectionString).Database}\" SET default_transaction_read_only = on");
        await using var database = new PostgresDatabase(connectionString);
        var users = new PostgresUserRepository(database);

        var refusal = Assert.ThrowsAsync<PostgresUnavailableException>(() => users.AddAsync(Users.New(), CancellationToken.None));

        Assert.That(refusal!.Reason, Does.Contain("read-only").And.Contain("25006"));
        Assert.That(await users.CountAsync(CancellationToken.None), Is.EqualTo(1), "reads go on");
        Assert.That(await database.ProbeAsync(CancellationToken.None), Does.Contain("25006"), "readiness says why");
    }

    [TestCase("lock_timeout", "55P03")]
    [TestCase("statement_timeout", "57014")]
    public async Task Update_WhenItWaitsPastATimeout_IsUnavailable(string setting, string sqlState)
    {
        var connectionString = await PostgresServer.CreateDatabaseAsync("ludmin_timeout");
        await using var database = new PostgresDatabase($"{connectionString};Options=-c {setting}=200");
        var users = new PostgresUserRepository(database);
        var user = Users.New();
        await users.AddAsync(user, CancellationToken.None);
        var stored = (await users.FindByIdAsync(user.Id, CancellationToken.None))!;
        stored.Rename(FullName.Create("Waited Too Long"), Users.Epoch.AddHours(1));
        await using var holder = await HoldUserRowAsync(connectionString, user.Id);

        var failure = Assert.ThrowsAsync<PostgresUnavailableException>(() => users.UpdateAsync(stored, CancellationToken.None));

        Assert.That(failure!.Reason, Does.Contain(sqlState));
    }

    [Test]
    public async Task Update_WhenItWaitsPastTheOperationTimeout_IsUnavailableNamingTheSettingAndNotKept()
    {
        // No server-side timeout at all: only Ludmin's own deadline ends the wait.
        var connectionString = await PostgresServer.CreateDatabaseAsync("ludmin_deadline");
        await using var database = new PostgresDatabase(connectionString, operationTimeout: TimeSpan.FromMilliseconds(500));
        var users = new PostgresUserRepository(database);
        var user = Users.New();
        await users.AddAsync(user, CancellationToken.None);
        var stored = (await users.FindByIdAsync(user.Id, CancellationToken.None))!;
        stored.Rename(FullName.Create("Past The Deadline"), Users.Epoch.AddHours(1));
        var holder = await HoldUserRowAsync(connectionString, user.Id);

        var failure = Assert.ThrowsAsync<PostgresUnavailableException>(() => users.UpdateAsync(stored, CancellationToken.None));

        Assert.That(failure!.Reason, Does.Contain("Ludmin:Storage:Postgres:OperationTimeout"));
        await DisposeQuietlyAsync(holder);
        Assert.That((await users.FindByIdAsync(user.Id, CancellationToken.None))!.FullName.Value, Is.Not.EqualTo("Past The Deadline"));
    }

    [Test]
    public async Task Read_WhenTheCallerGivesUp_StaysACancellation()
    {
        await using var database = new PostgresDatabase("Host=127.0.0.1;Port=1;Username=ludmin;Database=ludmin");
        using var cancelled = new CancellationTokenSource();
        cancelled.Cancel();

        Assert.That(async () => await new PostgresUserRepository(database).FindByIdAsync(UserId.New(), cancelled.Token), Throws.InstanceOf<OperationCanceledException>());
    }

    [Test]
    public async Task Call_AfterTheServerEndedItsConnections_IsUnavailableOnceThenServesAgain()
    {
        var connectionString = await PostgresServer.CreateDatabaseAsync("ludmin_terminated");
        await using var database = new PostgresDatabase(connectionString);
        var users = new PostgresUserRepository(database);
        var user = Users.New();
        await users.AddAsync(user, CancellationToken.None);

        // What a failover or an administrator does to the connections Ludmin keeps in its pool.
        await SuperuserAsync(connectionString, "SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = current_database() AND pid <> pg_backend_pid()");

        Assert.That(async () => await users.FindByIdAsync(user.Id, CancellationToken.None), Throws.InstanceOf<PostgresUnavailableException>());
        Assert.That((await users.FindByIdAsync(user.Id, CancellationToken.None))?.Id, Is.EqualTo(user.Id), "the pool opens a new connection");
    }

    private static async Task<NpgsqlConnection> HoldUserRowAsync(string connectionString, UserId id)
    {
        var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync();
        await using (var begin = new NpgsqlCommand("BEGIN; SELECT 1 FROM users WHERE id = @id FOR UPDATE", connection))
        {
            begin.Parameters.AddWithValue("id", id.Value);
            await begin.ExecuteNonQueryAsync();
        }

        return connection;
    }

    private static async Task WaitUntilSomebodyWaitsOnALockAsync(NpgsqlConnection observer)
    {
        for (var attempt = 0; attempt < 500; attempt++)
        {
            await using var waiting = new NpgsqlCommand("SELECT count(*) FROM pg_stat_activity WHERE wait_event_type = 'Lock'", observer);
            if ((long)(await waiting.ExecuteScalarAsync())! > 0)
            {
                return;
            }

            await Task.Delay(20);
        }

        Assert.Fail("The update never waited on the held row.");
    }

    private static async Task SuperuserAsync(string connectionString, string sql)
    {
        await using var connection = new NpgsqlConnection(new NpgsqlConnectionStringBuilder(connectionString) { Pooling = false }.ConnectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(sql, connection);
        await command.ExecuteNonQueryAsync();
    }

    private static async Task DisposeQuietlyAsync(NpgsqlConnection connection)
    {
        try
        {
            await connection.DisposeAsync();
        }
        catch (NpgsqlException)
        {
            // The server it held a transaction on is gone.
        }
    }
}
