using Ludmin.Api.Tests.Support;
using Ludmin.Domain.Users;
using Ludmin.Infrastructure.Storage.Postgres;
using Microsoft.Extensions.DependencyInjection;

namespace Ludmin.Api.Tests;

/// <summary>
/// The command-line tools on PostgreSQL, run as an operator runs them (settings as environment
/// variables, process-wide, so never beside another class): <c>check-store</c> on a PostgreSQL
/// store, and <c>copy-store --to-postgres</c>, which refuses a database the API has served on
/// unless <c>--overwrite-live-store</c> is given.
/// </summary>
[NonParallelizable]
public sealed class PostgresCommandTests
{
    [Test]
    public async Task CheckStore_OnAMigratedPostgresStore_ReportsServerRoleReplicationSchemaAndCanary()
    {
        var connectionString = await TestPostgres.CreateDatabaseAsync("ludmin_check");
        await using (var database = new PostgresDatabase(connectionString))
        {
            await database.WaitUntilReadyAsync(CancellationToken.None);
        }

        var (exitCode, output) = await CheckStoreAsync(connectionString);

        Assert.That(exitCode, Is.EqualTo(0), output);
        var lines = output.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        Assert.That(lines[0], Does.StartWith("check-store: PostgreSQL database 'ludmin_check_"));
        Assert.That(lines[1], Does.StartWith("ok    server version: PostgreSQL "));
        Assert.That(lines[2], Is.EqualTo("ok    role: the primary, taking writes"));
        Assert.That(lines[3], Does.StartWith("WARN  synchronous replication: synchronous_standby_names '', synchronous_commit on, 0 standby(s) streaming"));
        Assert.That(lines[4], Is.EqualTo($"ok    schema version: {PostgresSchema.Latest}, the latest this build knows"));
        Assert.That(lines[5], Is.EqualTo("ok    canary round trip: a row written (committed), read back and deleted"));
        Assert.That(lines[6], Is.EqualTo("check-store: every check holds (1 warning(s))."));
    }

    [Test]
    public async Task CheckStore_OnADatabaseNoLudminStartedOn_Exits1NamingTheSchema()
    {
        var (exitCode, output) = await CheckStoreAsync(await TestPostgres.CreateDatabaseAsync("ludmin_check_empty"));

        Assert.That(exitCode, Is.EqualTo(1), output);
        Assert.That(output, Does.Contain("FAIL  schema version: none: no Ludmin has started on this database"));
    }

    [Test]
    public async Task CopyStore_ToPostgres_CopiesThenRefusesTheDatabaseOnceTheApiServedOnIt_UnlessOverwriteIsAsked()
    {
        await using var sqlite = new LudminFactory();
        var api = new LudminApi(sqlite);
        var user = await api.RegisterAsync(Unique.Email("copied"));
        var target = await TestPostgres.CreateDatabaseAsync("ludmin_copy_target");

        var (copied, copyOutput) = await ProgramRun.RunProgramAsync(sqlite, new Dictionary<string, string?>(), "copy-store", "--to-postgres", target);
        Assert.That(copied, Is.EqualTo(0), copyOutput);
        Assert.That(copyOutput, Does.Contain("Counts verified: 1 users"));

        await using (var live = new LudminFactory(new LudminFactoryOptions { PostgresConnectionString = target }))
        {
            Assert.That((await new LudminApi(live).LoginAsync(user.Email, user.Password)).UserId, Is.EqualTo(user.Id), "the API serves the copy");
        }

        var (refused, refusal) = await ProgramRun.RunProgramAsync(sqlite, new Dictionary<string, string?>(), "copy-store", "--to-postgres", target);
        Assert.That(refused, Is.EqualTo(1), refusal);
        Assert.That(refusal, Does.Contain("Not copied:").And.Contain("served_live_since").And.Contain("--overwrite-live-store"));

        var (forced, forcedOutput) = await ProgramRun.RunProgramAsync(sqlite, new Dictionary<string, string?>(), "copy-store", "--to-postgres", target, "--overwrite-live-store");
        Assert.That(forced, Is.EqualTo(0), forcedOutput);
    }

    [Test]
    public async Task GenerateUsers_OnPostgres_WritesUsersWithTheirDevicesOnceAndTheyLogIn()
    {
        await using var server = new LudminFactory(store: TestStore.Postgres);
        var settings = new Dictionary<string, string?>
        {
            ["Ludmin__Storage__Provider"] = "Postgres",
            ["Ludmin__Storage__Postgres__ConnectionString"] = server.PostgresConnectionString,
        };

        var (exitCode, output) = await ProgramRun.RunProgramAsync(server, settings, "generate-users", "7");
        var (again, againOutput) = await ProgramRun.RunProgramAsync(server, settings, "generate-users", "7");

        Assert.That(exitCode, Is.EqualTo(0), output);
        Assert.That(again, Is.EqualTo(0), againOutput);
        Assert.That(againOutput, Does.Contain("0 written, 7 already there"));
        var users = server.Services.GetRequiredService<IUserRepository>();
        var devices = new List<int>();
        for (var n = 1; n <= 7; n++)
        {
            devices.Add((await users.FindByEmailAsync(EmailAddress.Create($"user{n}@generated.test"), CancellationToken.None))!.Devices.Count);
        }

        Assert.That(devices, Is.EqualTo(new[] { 1, 2, 1, 2, 1, 2, 1 }));
        Assert.That(await users.CountAsync(CancellationToken.None), Is.EqualTo(7));
        Assert.That((await new LudminApi(server).LoginAsync("user4@generated.test", "generate-users password")).UserId, Is.Not.Empty);
    }

    private static Task<(int ExitCode, string Output)> CheckStoreAsync(string connectionString) =>
        ProgramRun.RunAsync(
            new Dictionary<string, string?>
            {
                ["ASPNETCORE_ENVIRONMENT"] = LudminFactory.EnvironmentName,
                ["Ludmin__DataDirectory"] = Path.GetTempPath(),
                ["Ludmin__Tokens__SigningKey"] = TestTokens.SigningKey,
                ["Logging__LogLevel__Default"] = "None",
                ["Ludmin__Storage__Provider"] = "Postgres",
                ["Ludmin__Storage__Postgres__ConnectionString"] = connectionString,
            },
            "check-store");
}
