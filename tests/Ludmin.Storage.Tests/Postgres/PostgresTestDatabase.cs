using Ludmin.Infrastructure.Storage.Postgres;

namespace Ludmin.Storage.Tests.Postgres;

/// <summary>
/// A database of its own on the test server, migrated once; each test then starts from empty
/// tables (<see cref="EmptyStoreAsync"/>), which is much cheaper than a database per test.
/// </summary>
internal sealed class PostgresTestDatabase : IAsyncDisposable
{
    private PostgresTestDatabase(string connectionString)
    {
        ConnectionString = connectionString;
        Database = new PostgresDatabase(connectionString);
    }

    public string ConnectionString { get; }

    public PostgresDatabase Database { get; }

    public static async Task<PostgresTestDatabase> CreateAsync(string prefix)
    {
        var database = new PostgresTestDatabase(await PostgresServer.CreateDatabaseAsync(prefix));
        await database.Database.WaitUntilReadyAsync(CancellationToken.None);
        return database;
    }

    /// <summary>The store with every table emptied (and copy-store's ledger gone), as a fresh database would be.</summary>
    public async Task<TemporaryPostgresStore> EmptyStoreAsync()
    {
        await using var connection = await Database.OpenConnectionAsync(CancellationToken.None);
        await using var command = new Npgsql.NpgsqlCommand(
            "TRUNCATE users, user_emails, user_devices, password_resets, reset_refusals, login_throttles, store_facts, passkeys, passkey_challenges CASCADE; DROP TABLE IF EXISTS copied_reset_codes",
            connection);
        await command.ExecuteNonQueryAsync();
        return new TemporaryPostgresStore(Database);
    }

    public ValueTask DisposeAsync() => Database.DisposeAsync();
}
