using System.Text.Json;
using Ludmin.Domain.Users;
using Ludmin.Infrastructure.Storage.Sqlite;
using Npgsql;

namespace Ludmin.Infrastructure.Storage.Postgres;

/// <summary>
/// A user as rows: the one statement that reads a whole user (its addresses and devices as JSON
/// arrays, all from one snapshot), how a user's row is bound, and how its addresses and devices
/// are inserted, each kind in one statement over arrays (<c>unnest</c>), one round trip however
/// many rows.
/// </summary>
internal static class PostgresUserRows
{
    public const string SelectUser = """
        SELECT u.id, u.full_name, u.password_hash, u.password_history, u.is_master, u.created_at, u.updated_at, u.version,
               (SELECT COALESCE(json_agg(json_build_array(e.address, e.is_current, e.is_verified, e.inserted_at, e.updated_at) ORDER BY e.position), '[]')
                  FROM user_emails e WHERE e.user_id = u.id)::text AS emails,
               (SELECT COALESCE(json_agg(json_build_array(d.device_id, d.description, d.session_id, d.first_seen, d.last_used, d.generation, d.rotated_at, d.grace_generation) ORDER BY d.position), '[]')
                  FROM user_devices d WHERE d.user_id = u.id)::text AS devices
          FROM users u
        """;

    public const string InsertUser = """
        INSERT INTO users (id, full_name, password_hash, password_history, is_master, created_at, updated_at, version)
        VALUES (@id, @full_name, @password_hash, @password_history, @is_master, @created_at, @updated_at, @version)
        """;

    private const string InsertEmails = """
        INSERT INTO user_emails (normalized, user_id, address, is_current, is_verified, inserted_at, updated_at, position)
        SELECT normalized, user_id, address, is_current, is_verified, inserted_at, updated_at, position
          FROM unnest(@normalized, @user_id, @address, @is_current, @is_verified, @inserted_at, @updated_at, @position)
               AS t (normalized, user_id, address, is_current, is_verified, inserted_at, updated_at, position)
        """;

    private const string InsertDevices = """
        INSERT INTO user_devices (user_id, device_id, description, session_id, first_seen, last_used, position, generation, rotated_at, grace_generation)
        SELECT user_id, device_id, description, session_id, first_seen, last_used, position, generation, rotated_at, grace_generation
          FROM unnest(@user_id, @device_id, @description, @session_id, @first_seen, @last_used, @position, @generation, @rotated_at, @grace_generation)
               AS t (user_id, device_id, description, session_id, first_seen, last_used, position, generation, rotated_at, grace_generation)
        """;

    public static void BindUser(NpgsqlCommand command, User user)
    {
        command.Parameters.AddWithValue("id", user.Id.Value);
        command.Parameters.AddWithValue("full_name", user.FullName.Value);
        command.Parameters.AddWithValue("password_hash", user.PasswordHash.Value);
        command.Parameters.AddWithValue("password_history", JsonSerializer.Serialize(user.PasswordHistory.Select(h => h.Value)));
        command.Parameters.AddWithValue("is_master", user.IsMaster);
        command.Parameters.AddWithValue("created_at", UnixTime.ToMilliseconds(user.CreatedAt));
        command.Parameters.AddWithValue("updated_at", UnixTime.ToMilliseconds(user.UpdatedAt));
        command.Parameters.AddWithValue("version", user.Version);
    }

    /// <summary>The addresses of <paramref name="users"/>; a taken one fails with SQLSTATE 23505 for the caller to name.</summary>
    public static async Task InsertEmailsAsync(NpgsqlConnection connection, NpgsqlTransaction transaction, IReadOnlyList<User> users, CancellationToken cancellationToken)
    {
        var rows = users.SelectMany(user => user.Emails.Select((email, position) => (user.Id, Email: email, Position: position))).ToList();
        await using var command = new NpgsqlCommand(InsertEmails, connection, transaction);
        command.Parameters.AddWithValue("normalized", rows.Select(r => r.Email.Address.Normalized).ToArray());
        command.Parameters.AddWithValue("user_id", rows.Select(r => r.Id.Value).ToArray());
        command.Parameters.AddWithValue("address", rows.Select(r => r.Email.Address.Value).ToArray());
        command.Parameters.AddWithValue("is_current", rows.Select(r => r.Email.IsCurrent).ToArray());
        command.Parameters.AddWithValue("is_verified", rows.Select(r => r.Email.IsVerified).ToArray());
        command.Parameters.AddWithValue("inserted_at", rows.Select(r => UnixTime.ToMilliseconds(r.Email.InsertedAt)).ToArray());
        command.Parameters.AddWithValue("updated_at", rows.Select(r => UnixTime.ToMilliseconds(r.Email.UpdatedAt)).ToArray());
        command.Parameters.AddWithValue("position", rows.Select(r => r.Position).ToArray());
        await command.ExecuteNonQueryAsync(cancellationToken);
    }

    public static async Task InsertDevicesAsync(NpgsqlConnection connection, NpgsqlTransaction transaction, IReadOnlyList<User> users, CancellationToken cancellationToken)
    {
        var rows = users.SelectMany(user => user.Devices.Select((device, position) => (user.Id, Device: device, Position: position))).ToList();
        if (rows.Count == 0)
        {
            return;
        }

        await using var command = new NpgsqlCommand(InsertDevices, connection, transaction);
        command.Parameters.AddWithValue("user_id", rows.Select(r => r.Id.Value).ToArray());
        command.Parameters.AddWithValue("device_id", rows.Select(r => r.Device.DeviceId.Value).ToArray());
        command.Parameters.AddWithValue("description", rows.Select(r => r.Device.Description.Value).ToArray());
        command.Parameters.AddWithValue("session_id", rows.Select(r => r.Device.SessionId.Value).ToArray());
        command.Parameters.AddWithValue("first_seen", rows.Select(r => UnixTime.ToMilliseconds(r.Device.FirstSeen)).ToArray());
        command.Parameters.AddWithValue("last_used", rows.Select(r => UnixTime.ToMilliseconds(r.Device.LastUsed)).ToArray());
        command.Parameters.AddWithValue("position", rows.Select(r => r.Position).ToArray());
        command.Parameters.AddWithValue("generation", rows.Select(r => r.Device.Generation).ToArray());
        command.Parameters.AddWithValue("rotated_at", rows.Select(r => r.Device.RotatedAt is { } rotated ? UnixTime.ToMilliseconds(rotated) : (long?)null).ToArray());
        command.Parameters.AddWithValue("grace_generation", rows.Select(r => r.Device.GraceGeneration).ToArray());
        await command.ExecuteNonQueryAsync(cancellationToken);
    }

    /// <summary>Every user <paramref name="command"/> selects (with <see cref="SelectUser"/>'s columns), in order.</summary>
    public static async Task<IReadOnlyList<User>> ReadAllAsync(NpgsqlCommand command, CancellationToken cancellationToken)
    {
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        var users = new List<User>();
        while (await reader.ReadAsync(cancellationToken))
        {
            users.Add(Read(reader));
        }

        return users;
    }

    public static User Read(NpgsqlDataReader reader)
    {
        var emails = new List<UserEmail>();
        using (var json = JsonDocument.Parse(reader.GetString(8)))
        {
            foreach (var row in json.RootElement.EnumerateArray())
            {
                emails.Add(UserEmail.Restore(
                    EmailAddress.Create(row[0].GetString()!),
                    row[1].GetBoolean(),
                    row[2].GetBoolean(),
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
                    UnixTime.FromMilliseconds(row[4].GetInt64()),
                    row[5].GetInt64(),
                    row[6].ValueKind == JsonValueKind.Null ? null : UnixTime.FromMilliseconds(row[6].GetInt64()),
                    row[7].ValueKind == JsonValueKind.Null ? null : row[7].GetInt64()));
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
            reader.GetBoolean(4),
            UnixTime.FromMilliseconds(reader.GetInt64(5)),
            UnixTime.FromMilliseconds(reader.GetInt64(6)),
            reader.GetInt64(7));
    }
}
