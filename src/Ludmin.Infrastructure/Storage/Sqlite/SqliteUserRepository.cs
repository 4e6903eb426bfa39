using System.Text.Json;
using Ludmin.Domain.Common;
using Ludmin.Domain.Users;
using Ludmin.Infrastructure.Observability;
using Microsoft.Data.Sqlite;

namespace Ludmin.Infrastructure.Storage.Sqlite;

/// <summary>
/// Users over three tables: the user row (versioned), every address ever held (keyed by the
/// normalized address, which makes it unique across all users), and the linked devices, one
/// row per session. A save writes, in one transaction, only what changed: the user row (and
/// the addresses when they changed) guarded by the version, and each device change guarded by
/// its own condition (<see cref="DeviceChange"/>), so device sessions never conflict with
/// profile edits. A save that only moves <c>last_used</c> goes to <paramref name="lastUsed"/>
/// when there is one (the API's); without one (the command-line tools) it is written at once.
/// </summary>
internal sealed partial class SqliteUserRepository(SqliteDatabase database, SqliteLastUsedBuffer? lastUsed = null) : IUserRepository
{
    // One statement reads a whole user, so the parts are always from one snapshot.
    internal const string SelectUser = """
        SELECT u.id, u.full_name, u.password_hash, u.password_history, u.is_master, u.created_at, u.updated_at, u.version,
               (SELECT json_group_array(json_array(e.address, e.is_current, e.is_verified, e.inserted_at, e.updated_at) ORDER BY e.position)
                  FROM user_emails e WHERE e.user_id = u.id) AS emails,
               (SELECT json_group_array(json_array(d.device_id, d.description, d.session_id, d.first_seen, d.last_used, d.generation, d.rotated_at, d.grace_generation) ORDER BY d.position)
                  FROM user_devices d WHERE d.user_id = u.id) AS devices
          FROM users u
        """;

    private const string SelectById = $"{SelectUser} WHERE u.id = $key";

    private const string SelectByEmail = $"{SelectUser} WHERE u.id = (SELECT user_id FROM user_emails WHERE normalized = $key)";

    private const string SelectSession =
        "SELECT EXISTS (SELECT 1 FROM user_devices WHERE user_id = $user_id AND device_id = $device_id AND session_id = $session_id)";

    public Task<User?> FindByIdAsync(UserId id, CancellationToken cancellationToken) =>
        database.ReadAsync(StoreCalls.Users, connection => ReadOne(connection, SelectById, id.Value, lastUsed), cancellationToken);

    public Task<User?> FindByEmailAsync(EmailAddress email, CancellationToken cancellationToken) =>
        database.ReadAsync(
            StoreCalls.Users,
            connection => ReadOne(connection, SelectByEmail, email.Normalized, lastUsed),
            cancellationToken);

    /// <summary>One primary-key lookup on the device row; the user row itself is not read.</summary>
    public Task<bool> HasSessionAsync(UserId id, DeviceId deviceId, SessionId sessionId, CancellationToken cancellationToken) =>
        database.ReadAsync(StoreCalls.Users, connection =>
        {
            var command = SqliteStatements.Prepared(connection, SelectSession);
            command.Parameters.AddWithValue("$user_id", id.Value);
            command.Parameters.AddWithValue("$device_id", deviceId.Value);
            command.Parameters.AddWithValue("$session_id", sessionId.Value);
            return (long)command.ExecuteScalar()! == 1;
        }, cancellationToken);

    public Task<IReadOnlyList<User>> ListAsync(int skip, int take, CancellationToken cancellationToken) =>
        database.ReadAsync<IReadOnlyList<User>>(StoreCalls.Users, connection =>
        {
            using var command = connection.CreateCommand();
            command.CommandText = $"{SelectUser} ORDER BY u.created_at, u.id LIMIT $take OFFSET $skip";
            command.Parameters.AddWithValue("$take", take);
            command.Parameters.AddWithValue("$skip", skip);
            using var reader = command.ExecuteReader();
            var users = new List<User>();
            while (reader.Read())
            {
                users.Add(Read(reader, lastUsed));
            }

            return users;
        }, cancellationToken);

    /// <summary>
    /// The row-value comparison is what SQLite turns into a seek on <c>users_by_creation
    /// (created_at, id)</c>: the page starts at the position, however deep it is.
    /// </summary>
    public Task<IReadOnlyList<User>> ListAfterAsync(UserListPosition after, int take, CancellationToken cancellationToken) =>
        database.ReadAsync<IReadOnlyList<User>>(StoreCalls.Users, connection =>
        {
            using var command = connection.CreateCommand();
            command.CommandText = ListAfterSql;
            command.Parameters.AddWithValue("$created_at", UnixTime.ToMilliseconds(after.CreatedAt));
            command.Parameters.AddWithValue("$id", after.Id.Value);
            command.Parameters.AddWithValue("$take", take);
            using var reader = command.ExecuteReader();
            var users = new List<User>();
            while (reader.Read())
            {
                users.Add(Read(reader));
            }

            return users;
        }, cancellationToken);

    internal const string ListAfterSql =
        $"{SelectUser} WHERE (u.created_at, u.id) > ($created_at, $id) ORDER BY u.created_at, u.id LIMIT $take";

    public Task<long> CountAsync(CancellationToken cancellationToken) =>
        database.ReadAsync(StoreCalls.Users, connection =>
        {
            using var command = connection.CreateCommand();
            // The trigger-kept count (schema migration 3): one row, where COUNT(*) walks an index.
            command.CommandText = "SELECT users FROM user_count WHERE id = 1";
            return (long)command.ExecuteScalar()!;
        }, cancellationToken);

    public Task<bool> AnyMasterAsync(CancellationToken cancellationToken) =>
        database.ReadAsync(StoreCalls.Users, connection =>
        {
            using var command = connection.CreateCommand();
            command.CommandText = "SELECT EXISTS (SELECT 1 FROM users WHERE is_master = 1)";
            return (long)command.ExecuteScalar()! == 1;
        }, cancellationToken);

    public Task AddAsync(User user, CancellationToken cancellationToken) =>
        database.WriteAsync(StoreCalls.Users, (connection, transaction) =>
        {
            using var command = connection.CreateCommand();
            command.Transaction = transaction;
            command.CommandText = """
                INSERT INTO users (id, full_name, password_hash, password_history, is_master, created_at, updated_at, version)
                VALUES ($id, $full_name, $password_hash, $password_history, $is_master, $created_at, $updated_at, $version)
                """;
            BindUser(command, user);
            command.Parameters.AddWithValue("$version", user.Version);
            command.ExecuteNonQuery();
            WriteChildren(connection, transaction, user);
            return 0;
        }, cancellationToken);

    public Task UpdateAsync(User user, CancellationToken cancellationToken)
    {
        if (lastUsed is not null && !user.ProfileChanged && user.DeviceChanges.Count > 0 && user.DeviceChanges.All(c => c is DeviceChange.Touched { ExpectedGeneration: null }))
        {
            // A refresh: last_used needs no fsync of its own (see SqliteLastUsedBuffer).
            return database.Measured(StoreCalls.Users, () =>
            {
                foreach (var touch in user.DeviceChanges.Cast<DeviceChange.Touched>())
                {
                    lastUsed.Record(user.Id, touch.Device.DeviceId, touch.Session, touch.Device.LastUsed);
                }
            });
        }

        return database.WriteAsync(StoreCalls.Users, (connection, transaction) =>
        {
            WriteChanges(connection, transaction, user);
            return 0;
        }, cancellationToken);
    }

    /// <summary>A save's writes, inside the caller's transaction (a reset's completion adds the code's consumption to it).</summary>
    internal static void WriteChanges(SqliteConnection connection, SqliteTransaction transaction, User user)
    {
        // Device changes first, in the order they were made: a link is checked against the
        // credentials stored before this save, as the login checked them.
        var devices = new SqliteDeviceChangeWriter(connection, transaction, user.Id);
        foreach (var change in user.DeviceChanges)
        {
            change.Accept(devices);
        }

        // A save with nothing else to write still proves its version (a no-op save of a stale user is a conflict).
        if (user.ProfileChanged || user.DeviceChanges.Count == 0)
        {
            WriteProfile(connection, transaction, user);
        }
    }

    /// <summary>
    /// One immediate transaction: the master count is read under the write lock, so two masters
    /// deleting each other are serialized and the second sees that the first is gone. The child
    /// rows go first (the foreign keys refuse an orphan), the throttles by the addresses stored
    /// now, not the ones some earlier read saw.
    /// </summary>
    public Task<User?> DeleteAsync(UserId id, CancellationToken cancellationToken) =>
        database.WriteAsync<User?>(StoreCalls.Users, (connection, transaction) =>
        {
            User? user;
            using (var read = Command(connection, transaction, SelectById, "$key", id.Value))
            using (var reader = read.ExecuteReader())
            {
                user = reader.Read() ? Read(reader) : null;
            }

            if (user is null)
            {
                return null;
            }

            if (user.IsMaster)
            {
                using var others = Command(connection, transaction, "SELECT EXISTS (SELECT 1 FROM users WHERE is_master = 1 AND id <> $id)", "$id", id.Value);
                if ((long)others.ExecuteScalar()! == 0)
                {
                    throw new DomainException(Errors.LastMaster);
                }
            }

            foreach (var sql in SqlStatements.DeleteUser)
            {
                using var delete = Command(connection, transaction, sql, "@id", id.Value);
                delete.ExecuteNonQuery();
            }

            return user;
        }, cancellationToken);

    private static SqliteCommand Command(SqliteConnection connection, SqliteTransaction transaction, string sql, string name, string value)
    {
        var command = connection.CreateCommand();
        command.Transaction = transaction;
        command.CommandText = sql;
        command.Parameters.AddWithValue(name, value);
        return command;
    }

    private static void WriteProfile(SqliteConnection connection, SqliteTransaction transaction, User user)
    {
        using var command = connection.CreateCommand();
        command.Transaction = transaction;
        command.CommandText = """
            UPDATE users
               SET full_name = $full_name, password_hash = $password_hash, password_history = $password_history,
                   is_master = $is_master, updated_at = $updated_at, version = version + 1
             WHERE id = $id AND version = $version
            """;
        BindUser(command, user);
        command.Parameters.AddWithValue("$version", user.Version);
        if (command.ExecuteNonQuery() != 1)
        {
            throw new ConcurrencyException("user", user.Id.Value);
        }

        if (user.EmailsChanged)
        {
            using var clear = connection.CreateCommand();
            clear.Transaction = transaction;
            clear.CommandText = "DELETE FROM user_emails WHERE user_id = $id";
            clear.Parameters.AddWithValue("$id", user.Id.Value);
            clear.ExecuteNonQuery();
            WriteEmails(connection, transaction, user);
        }

        if (user.CredentialsChanged)
        {
            // A code asked for before the change would otherwise still reset the password of an
            // address the user left, or undo a password the user just chose.
            using var voidCode = connection.CreateCommand();
            voidCode.Transaction = transaction;
            voidCode.CommandText = "DELETE FROM password_resets WHERE user_id = $id";
            voidCode.Parameters.AddWithValue("$id", user.Id.Value);
            voidCode.ExecuteNonQuery();
        }
    }

    private static User? ReadOne(SqliteConnection connection, string sql, string key, SqliteLastUsedBuffer? lastUsed)
    {
        var command = SqliteStatements.Prepared(connection, sql);
        command.Parameters.AddWithValue("$key", key);
        using var reader = command.ExecuteReader();
        return reader.Read() ? Read(reader, lastUsed) : null;
    }

    internal static void BindUser(SqliteCommand command, User user)
    {
        command.Parameters.AddWithValue("$id", user.Id.Value);
        command.Parameters.AddWithValue("$full_name", user.FullName.Value);
        command.Parameters.AddWithValue("$password_hash", user.PasswordHash.Value);
        command.Parameters.AddWithValue("$password_history", JsonSerializer.Serialize(user.PasswordHistory.Select(h => h.Value)));
        command.Parameters.AddWithValue("$is_master", user.IsMaster ? 1 : 0);
        command.Parameters.AddWithValue("$created_at", UnixTime.ToMilliseconds(user.CreatedAt));
        command.Parameters.AddWithValue("$updated_at", UnixTime.ToMilliseconds(user.UpdatedAt));
    }

    internal static void WriteChildren(SqliteConnection connection, SqliteTransaction transaction, User user)
    {
        WriteEmails(connection, transaction, user);
        WriteDevices(connection, transaction, user);
    }

    private const string InsertEmail = """
        INSERT INTO user_emails (normalized, user_id, address, is_current, is_verified, inserted_at, updated_at, position)
        VALUES ($normalized, $user_id, $address, $is_current, $is_verified, $inserted_at, $updated_at, $position)
        """;

    private const string InsertDevice = """
        INSERT INTO user_devices (user_id, device_id, description, session_id, first_seen, last_used, position, generation, rotated_at, grace_generation)
        VALUES ($user_id, $device_id, $description, $session_id, $first_seen, $last_used, $position, $generation, $rotated_at, $grace_generation)
        """;

    // Each column: its parameter, its type, and its value from the row and the row's position.
    private static readonly ChildColumn<UserEmail>[] EmailColumns =
    [
        new("$normalized", SqliteType.Text, (email, _) => email.Address.Normalized),
        new("$address", SqliteType.Text, (email, _) => email.Address.Value),
        new("$is_current", SqliteType.Integer, (email, _) => email.IsCurrent ? 1 : 0),
        new("$is_verified", SqliteType.Integer, (email, _) => email.IsVerified ? 1 : 0),
        new("$inserted_at", SqliteType.Integer, (email, _) => UnixTime.ToMilliseconds(email.InsertedAt)),
        new("$updated_at", SqliteType.Integer, (email, _) => UnixTime.ToMilliseconds(email.UpdatedAt)),
        new("$position", SqliteType.Integer, (_, position) => position),
    ];

    private static readonly ChildColumn<LinkedDevice>[] DeviceColumns =
    [
        new("$device_id", SqliteType.Text, (device, _) => device.DeviceId.Value),
        new("$description", SqliteType.Text, (device, _) => device.Description.Value),
        new("$session_id", SqliteType.Text, (device, _) => device.SessionId.Value),
        new("$first_seen", SqliteType.Integer, (device, _) => UnixTime.ToMilliseconds(device.FirstSeen)),
        new("$last_used", SqliteType.Integer, (device, _) => UnixTime.ToMilliseconds(device.LastUsed)),
        new("$position", SqliteType.Integer, (_, position) => position),
        new("$generation", SqliteType.Integer, (device, _) => device.Generation),
        new("$rotated_at", SqliteType.Integer, (device, _) => device.RotatedAt is { } rotated ? (object)UnixTime.ToMilliseconds(rotated) : DBNull.Value),
        new("$grace_generation", SqliteType.Integer, (device, _) => device.GraceGeneration is { } grace ? (object)grace : DBNull.Value),
    ];

    private static void WriteEmails(SqliteConnection connection, SqliteTransaction transaction, User user)
    {
        try
        {
            InsertChildren(connection, transaction, InsertEmail, user.Id, user.Emails, EmailColumns);
        }
        catch (SqliteException ex) when (SqliteErrors.IsUniqueViolation(ex))
        {
            // The write transaction is abandoned (rolled back) as the exception leaves it.
            throw new DomainException(Errors.EmailInUse, field: "email");
        }
    }

    private static void WriteDevices(SqliteConnection connection, SqliteTransaction transaction, User user) =>
        InsertChildren(connection, transaction, InsertDevice, user.Id, user.Devices, DeviceColumns);

    /// <summary>
    /// Inserts one row per child of <paramref name="owner"/>, in order, with one command: its
    /// parameters are declared once and only their values change from row to row, so the
    /// statement is compiled once for all the rows.
    /// </summary>
    private static void InsertChildren<T>(
        SqliteConnection connection, SqliteTransaction transaction, string sql, UserId owner, IReadOnlyList<T> rows, ChildColumn<T>[] columns)
    {
        using var command = connection.CreateCommand();
        command.Transaction = transaction;
        command.CommandText = sql;
        command.Parameters.AddWithValue("$user_id", owner.Value);
        var parameters = Array.ConvertAll(columns, column => command.Parameters.Add(column.Parameter, column.Type));
        for (var position = 0; position < rows.Count; position++)
        {
            for (var i = 0; i < columns.Length; i++)
            {
                parameters[i].Value = columns[i].Value(rows[position], position);
            }

            command.ExecuteNonQuery();
        }
    }

    /// <summary>Reads a user row; <paramref name="lastUsed"/> adds the refreshes of this process not yet on disk.</summary>
    internal static User Read(SqliteDataReader reader, SqliteLastUsedBuffer? lastUsed = null)
    {
        var userId = reader.GetString(0);
        var emails = new List<UserEmail>();
        using (var json = JsonDocument.Parse(reader.GetString(8)))
        {
            foreach (var row in json.RootElement.EnumerateArray())
            {
                emails.Add(UserEmail.Restore(
                    EmailAddress.Create(row[0].GetString()!),
                    row[1].GetInt32() == 1,
                    row[2].GetInt32() == 1,
                    UnixTime.FromMilliseconds(row[3].GetInt64()),
                    UnixTime.FromMilliseconds(row[4].GetInt64())));
            }
        }

        var devices = new List<LinkedDevice>();
        using (var json = JsonDocument.Parse(reader.GetString(9)))
        {
            foreach (var row in json.RootElement.EnumerateArray())
            {
                var deviceId = row[0].GetString()!;
                var sessionId = row[2].GetString()!;
                var storedLastUsed = row[4].GetInt64();
                devices.Add(LinkedDevice.Restore(
                    DeviceId.Parse(deviceId),
                    DeviceDescription.Create(row[1].GetString()),
                    SessionId.Parse(sessionId),
                    UnixTime.FromMilliseconds(row[3].GetInt64()),
                    UnixTime.FromMilliseconds(lastUsed?.Overlay(userId, deviceId, sessionId, storedLastUsed) ?? storedLastUsed),
                    row[5].GetInt64(),
                    row[6].ValueKind == JsonValueKind.Null ? null : UnixTime.FromMilliseconds(row[6].GetInt64()),
                    row[7].ValueKind == JsonValueKind.Null ? null : row[7].GetInt64()));
            }
        }

        var history = JsonSerializer.Deserialize<string[]>(reader.GetString(3)) ?? [];
        return User.Restore(
            UserId.Parse(userId),
            FullName.Create(reader.GetString(1)),
            emails,
            PasswordHash.FromStored(reader.GetString(2)),
            history.Select(PasswordHash.FromStored),
            devices,
            reader.GetInt64(4) == 1,
            UnixTime.FromMilliseconds(reader.GetInt64(5)),
            UnixTime.FromMilliseconds(reader.GetInt64(6)),
            reader.GetInt64(7));
    }
}
