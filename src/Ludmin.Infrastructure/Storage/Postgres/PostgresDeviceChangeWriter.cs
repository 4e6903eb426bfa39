using Ludmin.Domain.Common;
using Ludmin.Domain.Users;
using Ludmin.Infrastructure.Storage.Sqlite;
using Npgsql;

namespace Ludmin.Infrastructure.Storage.Postgres;

/// <summary>
/// Writes each kind of <see cref="DeviceChange"/> of one user inside the save's transaction, which
/// holds the user's row lock, each under its own guard, as <see cref="SqliteDeviceChangeWriter"/>
/// does (the shared statements are <see cref="SqlStatements"/>'); a guard that no longer holds is
/// a <see cref="ConcurrencyException"/> (except for a touch, which never conflicts). The answer
/// of each method is how many device rows it wrote.
/// </summary>
internal sealed class PostgresDeviceChangeWriter(NpgsqlConnection connection, NpgsqlTransaction transaction, UserId userId, CancellationToken cancellationToken)
    : IDeviceChangeVisitor<Task<int>>
{
    public async Task<int> Visit(DeviceChange.Linked change)
    {
        await RequireCredentialsAsync(change.Credentials, needsRoom: true);
        await using var command = Command("""
            INSERT INTO user_devices (user_id, device_id, description, session_id, first_seen, last_used, position)
            VALUES (@user_id, @device_id, @description, @session_id, @first_seen, @last_used,
                    (SELECT COALESCE(MAX(position) + 1, 0) FROM user_devices WHERE user_id = @user_id))
            """);
        BindDevice(command, change.Device);
        try
        {
            return await command.ExecuteNonQueryAsync(cancellationToken);
        }
        catch (PostgresException ex) when (PostgresErrors.IsUniqueViolation(ex))
        {
            // Another login linked this device since the read.
            throw new ConcurrencyException("device", change.Device.DeviceId.Value);
        }
    }

    public async Task<int> Visit(DeviceChange.Relinked change)
    {
        await RequireCredentialsAsync(change.Credentials, needsRoom: false);
        await using var command = Command(SqlStatements.RelinkDevice);
        BindDevice(command, change.Device);
        command.Parameters.AddWithValue("generation", change.Device.Generation);
        command.Parameters.AddWithValue("expected_session", change.PreviousSession.Value);
        return await ExactlyOneAsync(command, change.Device.DeviceId);
    }

    /// <summary>
    /// A plain touch changes nothing once the session ended; a touch within the refresh grace is
    /// the rotation's compare-and-set on the generation, a conflict when the session moved on.
    /// </summary>
    public async Task<int> Visit(DeviceChange.Touched change)
    {
        await using var command = Command(change.ExpectedGeneration is null
            ? """
              UPDATE user_devices SET last_used = GREATEST(last_used, @last_used)
               WHERE user_id = @user_id AND device_id = @device_id AND session_id = @session_id
              """
            : """
              UPDATE user_devices SET last_used = GREATEST(last_used, @last_used)
               WHERE user_id = @user_id AND device_id = @device_id AND session_id = @session_id AND generation = @expected_generation
              """);
        command.Parameters.AddWithValue("device_id", change.Device.DeviceId.Value);
        command.Parameters.AddWithValue("session_id", change.Session.Value);
        command.Parameters.AddWithValue("last_used", UnixTime.ToMilliseconds(change.Device.LastUsed));
        if (change.ExpectedGeneration is { } expected)
        {
            command.Parameters.AddWithValue("expected_generation", expected);
            return await ExactlyOneAsync(command, change.Device.DeviceId);
        }

        return await command.ExecuteNonQueryAsync(cancellationToken);
    }

    /// <summary>The compare-and-set of a refresh: the session moves on only from the generation the refresh read.</summary>
    public async Task<int> Visit(DeviceChange.Rotated change)
    {
        var device = change.Device;
        await using var command = Command("""
            UPDATE user_devices SET generation = @generation, rotated_at = @rotated_at, last_used = GREATEST(last_used, @last_used)
             WHERE user_id = @user_id AND device_id = @device_id AND session_id = @session_id AND generation = @expected_generation
            """);
        command.Parameters.AddWithValue("device_id", device.DeviceId.Value);
        command.Parameters.AddWithValue("session_id", change.Session.Value);
        command.Parameters.AddWithValue("expected_generation", change.ExpectedGeneration);
        command.Parameters.AddWithValue("generation", device.Generation);
        command.Parameters.AddWithValue("rotated_at", UnixTime.ToMilliseconds(change.RotatedAt));
        command.Parameters.AddWithValue("last_used", UnixTime.ToMilliseconds(device.LastUsed));
        return await ExactlyOneAsync(command, device.DeviceId);
    }

    /// <summary>A use of the refresh grace, under the rotation's own guard (session and generation); a rotation meanwhile is a conflict.</summary>
    public async Task<int> Visit(DeviceChange.GraceUsed change)
    {
        var device = change.Device;
        await using var command = Command("""
            UPDATE user_devices SET grace_generation = @grace_generation, last_used = GREATEST(last_used, @last_used)
             WHERE user_id = @user_id AND device_id = @device_id AND session_id = @session_id AND generation = @expected_generation
            """);
        command.Parameters.AddWithValue("device_id", device.DeviceId.Value);
        command.Parameters.AddWithValue("session_id", change.Session.Value);
        command.Parameters.AddWithValue("expected_generation", change.ExpectedGeneration);
        command.Parameters.AddWithValue("grace_generation", device.GraceGeneration!.Value);
        command.Parameters.AddWithValue("last_used", UnixTime.ToMilliseconds(device.LastUsed));
        return await ExactlyOneAsync(command, device.DeviceId);
    }

    /// <summary>A reused refresh: the device goes while it still has the session; a session already gone is a conflict.</summary>
    public async Task<int> Visit(DeviceChange.Revoked change)
    {
        await using var command = Command(SqlStatements.RevokeSession);
        command.Parameters.AddWithValue("device_id", change.DeviceId.Value);
        command.Parameters.AddWithValue("session_id", change.Session.Value);
        return await ExactlyOneAsync(command, change.DeviceId);
    }

    public async Task<int> Visit(DeviceChange.Removed change)
    {
        await using var command = Command(SqlStatements.RemoveDevice);
        command.Parameters.AddWithValue("device_id", change.DeviceId.Value);
        return await command.ExecuteNonQueryAsync(cancellationToken);
    }

    /// <summary>Devices linked after the read go too: whoever knew the old password is out.</summary>
    public async Task<int> Visit(DeviceChange.RemovedAllBut change)
    {
        await using var command = Command("DELETE FROM user_devices WHERE user_id = @user_id AND device_id IS DISTINCT FROM @keep");
        command.Parameters.Add(new NpgsqlParameter<string?>("keep", NpgsqlTypes.NpgsqlDbType.Text) { TypedValue = change.Kept?.Value });
        return await command.ExecuteNonQueryAsync(cancellationToken);
    }

    /// <summary>A link stands only while the password and current address it was checked against are still the user's, and a new device only while there is room.</summary>
    private async Task RequireCredentialsAsync(LoginCredentials credentials, bool needsRoom)
    {
        await using var command = Command("""
            SELECT u.password_hash = @password_hash
                   AND EXISTS (SELECT 1 FROM user_emails e WHERE e.normalized = @normalized AND e.user_id = u.id AND e.is_current),
                   (SELECT count(*) FROM user_devices d WHERE d.user_id = u.id)
              FROM users u WHERE u.id = @user_id
            """);
        command.Parameters.AddWithValue("password_hash", credentials.PasswordHash.Value);
        command.Parameters.AddWithValue("normalized", credentials.CurrentEmail.Normalized);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        if (!await reader.ReadAsync(cancellationToken) || !reader.GetBoolean(0) || (needsRoom && reader.GetInt64(1) >= User.DeviceLimit))
        {
            throw new ConcurrencyException("user", userId.Value);
        }
    }

    private async Task<int> ExactlyOneAsync(NpgsqlCommand command, DeviceId deviceId) =>
        await command.ExecuteNonQueryAsync(cancellationToken) == 1 ? 1 : throw new ConcurrencyException("device", deviceId.Value);

    private NpgsqlCommand Command(string sql)
    {
        var command = new NpgsqlCommand(sql, connection, transaction);
        command.Parameters.AddWithValue("user_id", userId.Value);
        return command;
    }

    private static void BindDevice(NpgsqlCommand command, LinkedDevice device)
    {
        command.Parameters.AddWithValue("device_id", device.DeviceId.Value);
        command.Parameters.AddWithValue("description", device.Description.Value);
        command.Parameters.AddWithValue("session_id", device.SessionId.Value);
        command.Parameters.AddWithValue("first_seen", UnixTime.ToMilliseconds(device.FirstSeen));
        command.Parameters.AddWithValue("last_used", UnixTime.ToMilliseconds(device.LastUsed));
    }
}
