using System.Globalization;
using Ludmin.Infrastructure.Storage.Postgres;
using Ludmin.Storage.Tests.Contract;
using Npgsql;

namespace Ludmin.Storage.Tests.Postgres;

/// <summary>
/// A connection string with several hosts and <c>Target Session Attributes=primary</c>, as a
/// deployment with a standby names them: the store serves through whichever host is the primary,
/// here the second, the first being down.
/// </summary>
[TestFixture]
public sealed class PostgresHostsTests
{
    [Test]
    public async Task Store_WithSeveralHostsOfWhichTheFirstIsDown_ServesThroughThePrimary()
    {
        var live = new NpgsqlConnectionStringBuilder(await PostgresServer.CreateDatabaseAsync("ludmin_hosts"));
        var port = live.Port.ToString(CultureInfo.InvariantCulture);
        live.Host = $"127.0.0.1:{FreePort()},{live.Host}:{port}";
        live.TargetSessionAttributes = "primary";
        await using var database = new PostgresDatabase(live.ConnectionString);
        var users = new PostgresUserRepository(database);
        var user = Users.New();

        await users.AddAsync(user, CancellationToken.None);

        Assert.That((await users.FindByIdAsync(user.Id, CancellationToken.None))?.Id, Is.EqualTo(user.Id));
        Assert.That(await database.ProbeAsync(CancellationToken.None), Is.Null, "ready: a commit went through on the primary");
    }

    private static int FreePort()
    {
        using var listener = new System.Net.Sockets.TcpListener(System.Net.IPAddress.Loopback, 0);
        listener.Start();
        return ((System.Net.IPEndPoint)listener.LocalEndpoint).Port;
    }
}
