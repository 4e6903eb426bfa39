using Ludmin.Domain.Common;
using Ludmin.Domain.Users;
using Ludmin.Infrastructure.Observability;
using Ludmin.Infrastructure.Storage.Sqlite;
using Npgsql;

namespace Ludmin.Infrastructure.Storage.Postgres;

/// <summary>
/// Users over the same three tables as SQLite. A save is one transaction that first locks the
/// user's row (<c>FOR UPDATE</c>): where SQLite has one writer for the whole file, PostgreSQL
/// runs writes side by side, and the lock is what keeps the checks of one save (the credentials a
/// link was made with, the room for a device, the version) true until its commit. Writes to other
/// users go on meanwhile. The last master is decided under a lock of its own (<see cref="MastersLock"/>).
/// </summary>
internal sealed partial class PostgresUserRepository(PostgresDatabase database) : IUserRepository
{
    /// <summary>The advisory lock every master deletion takes, so two masters deleting each other are serialized.</summary>
    public const long MastersLock = 0x6C75646D696E01;

    private const string SelectSession =
        "SELECT EXISTS (SELECT 1 FROM user_devices WHERE user_id = @user_id AND device_id = @device_id AND session_id = @session_id)";

    public Task<User?> FindByIdAsync(UserId id, CancellationToken cancellationToken) =>
        database.ReadAsync(StoreCalls.Users, (connection, token) => ReadOneAsync(connection, null, $"{PostgresUserRows.SelectUser} WHERE u.id = @key", id.Value, token), cancellationToken);

    public Task<User?> FindByEmailAsync(EmailAddress email, CancellationToken cancellationToken) =>
        database.ReadAsync(
            StoreCalls.Users,
            (connection, token) => ReadOneAsync(connection, null, $"{PostgresUserRows.SelectUser} WHERE u.id = (SELECT user_id FROM user_emails WHERE normalized = @key)", email.Normalized, token),
            cancellationToken);

    public Task<bool> HasSessionAsync(UserId id, DeviceId deviceId, SessionId sessionId, CancellationToken cancellationToken) =>
        database.ReadAsync(StoreCalls.Users, async (connection, token) =>
        {
            await using var command = new NpgsqlCommand(SelectSession, connection);
            command.Parameters.AddWithValue("user_id", id.Value);
            command.Parameters.AddWithValue("device_id", deviceId.Value);
            command.Parameters.AddWithValue("session_id", sessionId.Value);
            return (bool)(await command.ExecuteScalarAsync(token))!;
        }, cancellationToken);

    public Task<IReadOnlyList<User>> ListAsync(int skip, int take, CancellationToken cancellationToken) =>
        database.ReadAsync(StoreCalls.Users, async (connection, token) =>
        {
            await using var command = new NpgsqlCommand($"{PostgresUserRows.SelectUser} ORDER BY u.created_at, u.id LIMIT @take OFFSET @skip", connection);
            command.Parameters.AddWithValue("take", take);
            command.Parameters.AddWithValue("skip", skip);
            return await PostgresUserRows.ReadAllAsync(command, token);
        }, cancellationToken);

    /// <summary>The row comparison is a seek on <c>users_by_creation (created_at, id)</c>, however deep the page.</summary>
    public Task<IReadOnlyList<User>> ListAfterAsync(UserListPosition after, int take, CancellationToken cancellationToken) =>
        database.ReadAsync(StoreCalls.Users, async (connection, token) =>
        {
            await using var command = new NpgsqlCommand(
                $"{PostgresUserRows.SelectUser} WHERE (u.created_at, u.id) > (@created_at, @id) ORDER BY u.created_at, u.id LIMIT @take", connection);
            command.Parameters.AddWithValue("created_at", UnixTime.ToMilliseconds(after.CreatedAt));
            command.Parameters.AddWithValue("id", after.Id.Value);
            command.Parameters.AddWithValue("take", take);
            return await PostgresUserRows.ReadAllAsync(command, token);
        }, cancellationToken);

    public Task<long> CountAsync(CancellationToken cancellationToken) =>
        database.ReadAsync(StoreCalls.Users, async (connection, token) =>
        {
            await using var command = new NpgsqlCommand("SELECT count(*) FROM users", connection);
            return (long)(await command.ExecuteScalarAsync(token))!;
        }, cancellationToken);

    public Task<bool> AnyMasterAsync(CancellationToken cancellationToken) =>
        database.ReadAsync(StoreCalls.Users, async (connection, token) =>
        {
            await using var command = new NpgsqlCommand("SELECT EXISTS (SELECT 1 FROM users WHERE is_master)", connection);
            return (bool)(await command.ExecuteScalarAsync(token))!;
        }, cancellationToken);

    public Task AddAsync(User user, CancellationToken cancellationToken) =>
        database.WriteAsync(StoreCalls.Users, async (connection, transaction, token) =>
        {
            await using var command = new NpgsqlCommand(PostgresUserRows.InsertUser, connection, transaction);
            PostgresUserRows.BindUser(command, user);
            await command.ExecuteNonQueryAsync(token);
            await InsertEmailsAsync(connection, transaction, user, token);
            await PostgresUserRows.InsertDevicesAsync(connection, transaction, [user], token);
            return 0;
        }, cancellationToken);

    public Task UpdateAsync(User user, CancellationToken cancellationToken) =>
        database.WriteAsync(StoreCalls.Users, async (connection, transaction, token) =>
        {
            await WriteChangesAsync(connection, transaction, user, token);
            return 0;
        }, cancellationToken);

    /// <summary>A save's writes, inside the caller's transaction (a reset's completion adds the code's consumption to it).</summary>
    internal static async Task WriteChangesAsync(NpgsqlConnection connection, NpgsqlTransaction transaction, User user, CancellationToken cancellationToken)
    {
        await LockUserAsync(connection, transaction, user.Id, cancellationToken);

        // Device changes first, in the order they were made, as SQLite writes them.
        var devices = new PostgresDeviceChangeWriter(connection, transaction, user.Id, cancellationToken);
        foreach (var change in user.DeviceChanges)
        {
            await change.Accept(devices);
        }

        // A save with nothing else to write still proves its version (a no-op save of a stale user is a conflict).
        if (user.ProfileChanged || user.DeviceChanges.Count == 0)
        {
            await WriteProfileAsync(connection, transaction, user, cancellationToken);
        }
    }

    /// <summary>
    /// One transaction: the user's row locked, then, for a master, the masters' lock taken before
    /// another master is looked for, so of two masters deleting each other the second sees that
    /// the first is gone and is refused.
    /// </summary>
    public Task<User?> DeleteAsync(UserId id, CancellationToken cancellationToken) =>
        database.WriteAsync<User?>(StoreCalls.Users, async (connection, transaction, token) =>
        {
            await LockUserAsync(connection, transaction, id, token);
            var user = await ReadOneAsync(connection, transaction, $"{PostgresUserRows.SelectUser} WHERE u.id = @key", id.Value, token);
            if (user is null)
            {
                return null;
            }

            if (user.IsMaster)
            {
                await using var lockMasters = new NpgsqlCommand($"SELECT pg_advisory_xact_lock({MastersLock})", connection, transaction);
                await lockMasters.ExecuteNonQueryAsync(token);
                await using var others = new NpgsqlCommand("SELECT EXISTS (SELECT 1 FROM users WHERE is_master AND id <> @id)", connection, transaction);
                others.Parameters.AddWithValue("id", id.Value);
                if (!(bool)(await others.ExecuteScalarAsync(token))!)
                {
                    throw new DomainException(Errors.LastMaster);
                }
            }

            foreach (var sql in SqlStatements.DeleteUser)
            {
                await using var delete = new NpgsqlCommand(sql, connection, transaction);
                delete.Parameters.AddWithValue("id", id.Value);
                await delete.ExecuteNonQueryAsync(token);
            }

            return user;
        }, cancellationToken);

    internal static async Task LockUserAsync(NpgsqlConnection connection, NpgsqlTransaction transaction, UserId id, CancellationToken cancellationToken)
    {
        await using var command = new NpgsqlCommand("SELECT 1 FROM users WHERE id = @id FOR UPDATE", connection, transaction);
        command.Parameters.AddWithValue("id", id.Value);
        await command.ExecuteScalarAsync(cancellationToken);
    }

    private static async Task WriteProfileAsync(NpgsqlConnection connection, NpgsqlTransaction transaction, User user, CancellationToken cancellationToken)
    {
        await using var command = new NpgsqlCommand("""
            UPDATE users
               SET full_name = @full_name, password_hash = @password_hash, password_history = @password_history,
                   is_master = @is_master, updated_at = @updated_at, version = version + 1
             WHERE id = @id AND version = @version
            """, connection, transaction);
        PostgresUserRows.BindUser(command, user);
        if (await command.ExecuteNonQueryAsync(cancellationToken) != 1)
        {
            throw new ConcurrencyException("user", user.Id.Value);
        }

        if (user.EmailsChanged)
        {
            await using var clear = new NpgsqlCommand("DELETE FROM user_emails WHERE user_id = @id", connection, transaction);
            clear.Parameters.AddWithValue("id", user.Id.Value);
            await clear.ExecuteNonQueryAsync(cancellationToken);
            await InsertEmailsAsync(connection, transaction, user, cancellationToken);
        }

        if (user.CredentialsChanged)
        {
            // A code asked for before the change would otherwise still reset the password of an
            // address the user left, or undo a password the user just chose.
            await using var voidCode = new NpgsqlCommand("DELETE FROM password_resets WHERE user_id = @id", connection, transaction);
            voidCode.Parameters.AddWithValue("id", user.Id.Value);
            await voidCode.ExecuteNonQueryAsync(cancellationToken);
        }
    }

    private static async Task InsertEmailsAsync(NpgsqlConnection connection, NpgsqlTransaction transaction, User user, CancellationToken cancellationToken)
    {
        try
        {
            await PostgresUserRows.InsertEmailsAsync(connection, transaction, [user], cancellationToken);
        }
        catch (PostgresException ex) when (PostgresErrors.IsUniqueViolation(ex))
        {
            // The transaction is rolled back as the exception leaves it.
            throw new DomainException(Errors.EmailInUse, field: "email");
        }
    }

    private static async Task<User?> ReadOneAsync(NpgsqlConnection connection, NpgsqlTransaction? transaction, string sql, string key, CancellationToken cancellationToken)
    {
        await using var command = new NpgsqlCommand(sql, connection, transaction);
        command.Parameters.AddWithValue("key", key);
        return (await PostgresUserRows.ReadAllAsync(command, cancellationToken)).SingleOrDefault();
    }
}
