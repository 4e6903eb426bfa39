using System.Net;
using System.Text.Json.Nodes;
using Ludmin.Api.Tests.Support;
using Npgsql;

namespace Ludmin.Api.Tests;

/// <summary>
/// The PostgreSQL store failing under a running server, end to end, as the SQLite store's faults
/// are (StoreFaultTests): a server that turned read-only (a primary being demoted, a standby
/// named alone) and connections the server ended (a failover, an administrator) answer 503
/// <c>store_unavailable</c> with Retry-After, never 500; readiness says why; reads go on; and
/// writes serve again once the server takes them.
/// </summary>
[NonParallelizable]
public sealed class PostgresStoreFaultTests : ApiTestBase
{
    protected override TestStore Store => TestStore.Postgres;

    private string DatabaseName => new NpgsqlConnectionStringBuilder(Factory.PostgresConnectionString).Database!;

    [Test]
    public async Task Writes_WhenTheServerTurnedReadOnly_Answer503AndReadinessSaysWhy_UntilItTakesWritesAgain()
    {
        var session = await Api.NewSessionAsync("read.only");
        await SuperuserAsync($"ALTER DATABASE \"{DatabaseName}\" SET default_transaction_read_only = on");
        await EndConnectionsAsync();
        try
        {
            await FirstAfterTheConnectionsEndedAsync(session.Token);
            using (var rename = await Api.SendAsync(HttpMethod.Put, "/users/me", session.Token, new { full_name = "Not Stored" }))
            {
                await ExpectStoreUnavailableAsync(rename);
            }

            Assert.That((string?)(await Api.GetUserAsync(session.Token))["full_name"], Is.Not.EqualTo("Not Stored"), "reads go on; the write was not kept");
            Assert.That(await ReadinessReasonAsync(), Does.Contain("read-only").And.Contain("25006"));
        }
        finally
        {
            await SuperuserAsync($"ALTER DATABASE \"{DatabaseName}\" RESET default_transaction_read_only");
            await EndConnectionsAsync();
        }

        await FirstAfterTheConnectionsEndedAsync(session.Token);
        Assert.That((string?)(await Api.UpdateAsync(session.Token, new { full_name = "Stored Again" }))["full_name"], Is.EqualTo("Stored Again"));
        Assert.That(await ReadinessReasonAsync(), Is.Null);
    }

    [Test]
    public async Task CompleteReset_WhenTheStoreFailsAsThePasswordIsSaved_Answers503AndTheCodeStillWorks()
    {
        var user = await Api.RegisterAsync();
        var code = await Api.RequestResetCodeAsync(user.Email);

        // The fault between spending the code and saving the password: the server cancels the
        // statement that writes the new hash (SQLSTATE 57014, as a statement timeout would).
        await InDatabaseAsync("""
            CREATE FUNCTION fail_password_save() RETURNS trigger LANGUAGE plpgsql AS
              $$ BEGIN RAISE EXCEPTION 'injected fault' USING ERRCODE = 'query_canceled'; END $$;
            CREATE TRIGGER fail_password_save BEFORE UPDATE OF password_hash ON users
              FOR EACH ROW EXECUTE FUNCTION fail_password_save();
            """);
        try
        {
            using var failed = await Api.CompleteResetAsync(user.Email, code, "reset password 456");
            await ExpectStoreUnavailableAsync(failed);
        }
        finally
        {
            await InDatabaseAsync("DROP TRIGGER fail_password_save ON users; DROP FUNCTION fail_password_save();");
        }

        using (var retried = await Api.CompleteResetAsync(user.Email, code, "reset password 456"))
        {
            await Expect.EmptyAsync(retried, HttpStatusCode.NoContent);
        }

        Assert.That((await Api.LoginAsync(user.Email, "reset password 456")).UserId, Is.EqualTo(user.Id));
    }

    /// <summary>The first request after the server ended the pool's connections: 503 (or served, if the pool had none left), never 500.</summary>
    private async Task FirstAfterTheConnectionsEndedAsync(string token)
    {
        for (var i = 0; i < 3; i++)
        {
            using var response = await Api.SendAsync(HttpMethod.Get, "/users/me", token);
            if (response.StatusCode == HttpStatusCode.OK)
            {
                return;
            }

            await ExpectStoreUnavailableAsync(response);
        }
    }

    private async Task<string?> ReadinessReasonAsync()
    {
        using var response = await Api.SendAsync(HttpMethod.Get, "/health/ready");
        var body = JsonNode.Parse(await response.Content.ReadAsStringAsync())!;
        if (response.StatusCode == HttpStatusCode.OK)
        {
            return null;
        }

        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.ServiceUnavailable));
        return (string?)body["checks"]?["store"]?["description"];
    }

    private static async Task ExpectStoreUnavailableAsync(HttpResponseMessage response)
    {
        await Expect.ProblemAsync(response, HttpStatusCode.ServiceUnavailable, "store_unavailable");
        Assert.That(response.Headers.RetryAfter?.Delta, Is.Not.Null);
    }

    private Task EndConnectionsAsync() =>
        SuperuserAsync($"SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = '{DatabaseName}' AND pid <> pg_backend_pid()");

    private async Task InDatabaseAsync(string sql)
    {
        var builder = new NpgsqlConnectionStringBuilder(Factory.PostgresConnectionString) { Pooling = false };
        await using var connection = new NpgsqlConnection(builder.ConnectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(sql, connection);
        await command.ExecuteNonQueryAsync();
    }

    private async Task SuperuserAsync(string sql)
    {
        var builder = new NpgsqlConnectionStringBuilder(Factory.PostgresConnectionString) { Database = "postgres", Pooling = false };
        await using var connection = new NpgsqlConnection(builder.ConnectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(sql, connection);
        await command.ExecuteNonQueryAsync();
    }
}
