using System.Text.Json;
using Ludmin.Domain.Common;
using Ludmin.Domain.Users;
using Microsoft.Data.Sqlite;

namespace Ludmin.Infrastructure.Storage.Sqlite;

/// <summary>
/// Users over three tables: the user row (versioned), every address ever held (keyed by the
/// normalized address, which makes it unique across all users), and the linked devices.
/// A save rewrites the user's rows in one transaction, guarded by the version.
/// </summary>
internal sealed class SqliteUserRepository(SqliteDatabase database) : IUserRepository
{
    // One statement reads a whole user, so the parts are always from one snapshot.
    internal const string SelectUser = """
        SELECT u.id, u.full_name, u.password_hash, u.password_history, u.is_master, u.created_at, u.updated_at, u.version,
               (SELECT json_group_array(json_array(e.address, e.is_current, e.is_verified, e.inserted_at, e.updated_at) ORDER BY e.position)
                  FROM user_emails e WHERE e.user_id = u.id) AS emails,
               (SELECT json_group_array(json_array(d.device_id, d.description, d.session_id, d.first_seen, d.last_used) ORDER BY d.position)
                  FROM user_devices d WHERE d.user_id = u.id) AS devices
          FROM users u
        """;

    public Task<User?> FindByIdAsync(UserId id, CancellationToken cancellationToken) =>
        database.ReadAsync(connection => ReadOne(connection, $"{SelectUser} WHERE u.id = $key", id.Value), cancellationToken);

    public Task<User?> FindByEmailAsync(EmailAddress email, CancellationToken cancellationToken) =>
        database.ReadAsync(
            connection => ReadOne(connection, $"{SelectUser} WHERE u.id = (SELECT user_id FROM user_emails WHERE normalized = $key)", email.Normalized),
            cancellationToken);

    /// <summary>One primary-key lookup on the device row; the user row itself is not read.</summary>
    public Task<bool> HasSessionAsync(UserId id, DeviceId deviceId, SessionId sessionId, CancellationToken cancellationToken) =>
        database.ReadAsync(connection =>
        {
            using var command = connection.CreateCommand();
            command.CommandText = "SELECT EXISTS (SELECT 1 FROM user_devices WHERE user_id = $user_id AND device_id = $device_id AND session_id = $session_id)";
            command.Parameters.AddWithValue("$user_id", id.Value);
            command.Parameters.AddWithValue("$device_id", deviceId.Value);
            command.Parameters.AddWithValue("$session_id", sessionId.Value);
            return (long)command.ExecuteScalar()! == 1;
        }, cancellationToken);

    public Task<IReadOnlyList<User>> ListAsync(int skip, int take, CancellationToken cancellationToken) =>
        database.ReadAsync<IReadOnlyList<User>>(connection =>
        {
            using var command = connection.CreateCommand();
            command.CommandText = $"{SelectUser} ORDER BY u.created_at, u.id LIMIT $take OFFSET $skip";
            command.Parameters.AddWithValue("$take", take);
            command.Parameters.AddWithValue("$skip", skip);
            using var reader = command.ExecuteReader();
            var users = new List<User>();
            while (reader.Read())
            {
                users.Add(Read(reader));
            }

            return users;
        }, cancellationToken);

    /// <summary>
    /// The row-value comparison is what SQLite turns into a seek on <c>users_by_creation
    /// (created_at, id)</c>: the page starts at the position, however deep it is.
    /// </summary>
    public Task<IReadOnlyList<User>> ListAfterAsync(UserListPosition after, int take, CancellationToken cancellationToken) =>
        database.ReadAsync<IReadOnlyList<User>>(connection =>
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
        database.ReadAsync(connection =>
        {
            using var command = connection.CreateCommand();
            // The trigger-kept count (schema migration 3): one row, where COUNT(*) walks an index.
            command.CommandText = "SELECT users FROM user_count WHERE id = 1";
            return (long)command.ExecuteScalar()!;
        }, cancellationToken);

    public Task AddAsync(User user, CancellationToken cancellationToken) =>
        database.WriteAsync((connection, transaction) =>
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

    public Task UpdateAsync(User user, CancellationToken cancellationToken) =>
        database.WriteAsync((connection, transaction) =>
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

            using var clear = connection.CreateCommand();
            clear.Transaction = transaction;
            clear.CommandText = "DELETE FROM user_emails WHERE user_id = $id; DELETE FROM user_devices WHERE user_id = $id;";
            clear.Parameters.AddWithValue("$id", user.Id.Value);
            clear.ExecuteNonQuery();
            WriteChildren(connection, transaction, user);
            return 0;
        }, cancellationToken);

    private static User? ReadOne(SqliteConnection connection, string sql, string key)
    {
        using var command = connection.CreateCommand();
        command.CommandText = sql;
        command.Parameters.AddWithValue("$key", key);
        using var reader = command.ExecuteReader();
        return reader.Read() ? Read(reader) : null;
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
        using (var emails = connection.CreateCommand())
        {
            emails.Transaction = transaction;
            emails.CommandText = """
                INSERT INTO user_emails (normalized, user_id, address, is_current, is_verified, inserted_at, updated_at, position)
                VALUES ($normalized, $user_id, $address, $is_current, $is_verified, $inserted_at, $updated_at, $position)
                """;
            var normalized = emails.Parameters.Add("$normalized", SqliteType.Text);
            emails.Parameters.AddWithValue("$user_id", user.Id.Value);
            var address = emails.Parameters.Add("$address", SqliteType.Text);
            var isCurrent = emails.Parameters.Add("$is_current", SqliteType.Integer);
            var isVerified = emails.Parameters.Add("$is_verified", SqliteType.Integer);
            var insertedAt = emails.Parameters.Add("$inserted_at", SqliteType.Integer);
            var updatedAt = emails.Parameters.Add("$updated_at", SqliteType.Integer);
            var position = emails.Parameters.Add("$position", SqliteType.Integer);
            for (var i = 0; i < user.Emails.Count; i++)
            {
                var email = user.Emails[i];
                normalized.Value = email.Address.Normalized;
                address.Value = email.Address.Value;
                isCurrent.Value = email.IsCurrent ? 1 : 0;
                isVerified.Value = email.IsVerified ? 1 : 0;
                insertedAt.Value = UnixTime.ToMilliseconds(email.InsertedAt);
                updatedAt.Value = UnixTime.ToMilliseconds(email.UpdatedAt);
                position.Value = i;
                try
                {
                    emails.ExecuteNonQuery();
                }
                catch (SqliteException ex) when (SqliteErrors.IsUniqueViolation(ex))
                {
                    // The write transaction is abandoned (rolled back) as the exception leaves it.
                    throw new DomainException(Errors.EmailInUse, field: "email");
                }
            }
        }

        using var devices = connection.CreateCommand();
        devices.Transaction = transaction;
        devices.CommandText = """
            INSERT INTO user_devices (user_id, device_id, description, session_id, first_seen, last_used, position)
            VALUES ($user_id, $device_id, $description, $session_id, $first_seen, $last_used, $position)
            """;
        devices.Parameters.AddWithValue("$user_id", user.Id.Value);
        var deviceId = devices.Parameters.Add("$device_id", SqliteType.Text);
        var description = devices.Parameters.Add("$description", SqliteType.Text);
        var sessionId = devices.Parameters.Add("$session_id", SqliteType.Text);
        var firstSeen = devices.Parameters.Add("$first_seen", SqliteType.Integer);
        var lastUsed = devices.Parameters.Add("$last_used", SqliteType.Integer);
        var devicePosition = devices.Parameters.Add("$position", SqliteType.Integer);
        for (var i = 0; i < user.Devices.Count; i++)
        {
            var device = user.Devices[i];
            deviceId.Value = device.DeviceId.Value;
            description.Value = device.Description.Value;
            sessionId.Value = device.SessionId.Value;
            firstSeen.Value = UnixTime.ToMilliseconds(device.FirstSeen);
            lastUsed.Value = UnixTime.ToMilliseconds(device.LastUsed);
            devicePosition.Value = i;
            devices.ExecuteNonQuery();
        }
    }

    internal static User Read(SqliteDataReader reader)
    {
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
                devices.Add(LinkedDevice.Restore(
                    DeviceId.Parse(row[0].GetString()!),
                    DeviceDescription.Create(row[1].GetString()),
                    SessionId.Parse(row[2].GetString()!),
                    UnixTime.FromMilliseconds(row[3].GetInt64()),
                    UnixTime.FromMilliseconds(row[4].GetInt64())));
            }
        }

        var history = JsonSerializer.Deserialize<string[]>(reader.GetString(3)) ?? [];
        return User.Restore(
            UserId.Parse(reader.GetString(0)),
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
