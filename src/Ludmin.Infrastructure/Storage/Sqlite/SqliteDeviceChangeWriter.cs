using Ludmin.Domain.Common;
using Ludmin.Domain.Users;
using Microsoft.Data.Sqlite;

namespace Ludmin.Infrastructure.Storage.Sqlite;

/// <summary>
/// Writes each kind of <see cref="DeviceChange"/> of one user inside the save's transaction, each
/// under its own guard; a guard that no longer holds is a <see cref="ConcurrencyException"/>
/// (except for a touch, which never conflicts). The answer of each method is how many device
/// rows it wrote. Parameters are named without a prefix, so they bind to this file's
/// <c>$names</c> and <see cref="SqlStatements"/>' <c>@names</c> alike.
/// </summary>
internal sealed class SqliteDeviceChangeWriter(SqliteConnection connection, SqliteTransaction transaction, UserId userId)
    : IDeviceChangeVisitor<int>
{
    public int Visit(DeviceChange.Linked change)
    {
        RequireCredentials(change.Credentials, needsRoom: true);
        using var command = Command("""
            INSERT INTO user_devices (user_id, device_id, description, session_id, first_seen, last_used, position)
            VALUES ($user_id, $device_id, $description, $session_id, $first_seen, $last_used,
                    (SELECT COALESCE(MAX(position) + 1, 0) FROM user_devices WHERE user_id = $user_id))
            """);
        BindDevice(command, change.Device);
        try
        {
            return command.ExecuteNonQuery();
        }
        catch (SqliteException ex) when (SqliteErrors.IsUniqueViolation(ex))
        {
            // Another login linked this device since the read.
            throw new ConcurrencyException("device", change.Device.DeviceId.Value);
        }
    }

    public int Visit(DeviceChange.Relinked change)
    {
        RequireCredentials(change.Credentials, needsRoom: false);
        using var command = Command(SqlStatements.RelinkDevice);
        BindDevice(command, change.Device);
        command.Parameters.AddWithValue("generation", change.Device.Generation);
        command.Parameters.AddWithValue("expected_session", change.PreviousSession.Value);
        return ExactlyOne(command, change.Device.DeviceId);
    }

    /// <summary>
    /// A plain touch changes nothing once the session ended; a touch within the refresh grace is
    /// the rotation's compare-and-set on the generation, a conflict when the session moved on.
    /// </summary>
    public int Visit(DeviceChange.Touched change)
    {
        using var command = Command(change.ExpectedGeneration is null
            ? """
              UPDATE user_devices SET last_used = MAX(last_used, $last_used)
               WHERE user_id = $user_id AND device_id = $device_id AND session_id = $session_id
              """
            : """
              UPDATE user_devices SET last_used = MAX(last_used, $last_used)
               WHERE user_id = $user_id AND device_id = $device_id AND session_id = $session_id AND generation = $expected_generation
              """);
        command.Parameters.AddWithValue("device_id", change.Device.DeviceId.Value);
        command.Parameters.AddWithValue("session_id", change.Session.Value);
        command.Parameters.AddWithValue("last_used", UnixTime.ToMilliseconds(change.Device.LastUsed));
        if (change.ExpectedGeneration is { } expected)
        {
            command.Parameters.AddWithValue("expected_generation", expected);
            return ExactlyOne(command, change.Device.DeviceId);
        }

        return command.ExecuteNonQuery();
    }

    /// <summary>
    /// The compare-and-set of a refresh: the session moves on only from the generation the refresh
    /// read, so of two racing refreshes of one generation exactly one matches; the other is a
    /// conflict (and reads again). Always written at once, never through the last-used buffer:
    /// the generation is what a reuse is detected by.
    /// </summary>
    public int Visit(DeviceChange.Rotated change)
    {
        var device = change.Device;
        using var command = Command("""
            UPDATE user_devices SET generation = $generation, rotated_at = $rotated_at, last_used = MAX(last_used, $last_used)
             WHERE user_id = $user_id AND device_id = $device_id AND session_id = $session_id AND generation = $expected_generation
            """);
        command.Parameters.AddWithValue("device_id", device.DeviceId.Value);
        command.Parameters.AddWithValue("session_id", change.Session.Value);
        command.Parameters.AddWithValue("expected_generation", change.ExpectedGeneration);
        command.Parameters.AddWithValue("generation", device.Generation);
        command.Parameters.AddWithValue("rotated_at", UnixTime.ToMilliseconds(change.RotatedAt));
        command.Parameters.AddWithValue("last_used", UnixTime.ToMilliseconds(device.LastUsed));
        return ExactlyOne(command, device.DeviceId);
    }

    /// <summary>
    /// A use of the refresh grace, counted under the same guard as a rotation (session and
    /// generation), so it is stored before the next rotation can be; a rotation meanwhile is a
    /// conflict, and the refresh reads again. Written at once, like a rotation.
    /// </summary>
    public int Visit(DeviceChange.GraceUsed change)
    {
        var device = change.Device;
        using var command = Command("""
            UPDATE user_devices SET grace_generation = $grace_generation, last_used = MAX(last_used, $last_used)
             WHERE user_id = $user_id AND device_id = $device_id AND session_id = $session_id AND generation = $expected_generation
            """);
        command.Parameters.AddWithValue("device_id", device.DeviceId.Value);
        command.Parameters.AddWithValue("session_id", change.Session.Value);
        command.Parameters.AddWithValue("expected_generation", change.ExpectedGeneration);
        command.Parameters.AddWithValue("grace_generation", device.GraceGeneration!.Value);
        command.Parameters.AddWithValue("last_used", UnixTime.ToMilliseconds(device.LastUsed));
        return ExactlyOne(command, device.DeviceId);
    }

    /// <summary>A reused refresh: the device goes while it still has the session; a session already gone is a conflict, so its end is recorded once.</summary>
    public int Visit(DeviceChange.Revoked change)
    {
        using var command = Command(SqlStatements.RevokeSession);
        command.Parameters.AddWithValue("device_id", change.DeviceId.Value);
        command.Parameters.AddWithValue("session_id", change.Session.Value);
        return ExactlyOne(command, change.DeviceId);
    }

    public int Visit(DeviceChange.Removed change)
    {
        using var command = Command(SqlStatements.RemoveDevice);
        command.Parameters.AddWithValue("device_id", change.DeviceId.Value);
        return command.ExecuteNonQuery();
    }

    /// <summary>Devices linked after the read go too: whoever knew the old password is out.</summary>
    public int Visit(DeviceChange.RemovedAllBut change)
    {
        using var command = Command("DELETE FROM user_devices WHERE user_id = $user_id AND device_id IS NOT $keep");
        command.Parameters.AddWithValue("keep", change.Kept is { } kept ? kept.Value : DBNull.Value);
        return command.ExecuteNonQuery();
    }

    /// <summary>
    /// A link stands only while the password and current address it was checked against are
    /// still the user's, and a new device only while there is room for it.
    /// </summary>
    private void RequireCredentials(LoginCredentials credentials, bool needsRoom)
    {
        using var command = Command("""
            SELECT u.password_hash = $password_hash
                   AND EXISTS (SELECT 1 FROM user_emails e WHERE e.normalized = $normalized AND e.user_id = u.id AND e.is_current = 1),
                   (SELECT COUNT(*) FROM user_devices d WHERE d.user_id = u.id)
              FROM users u WHERE u.id = $user_id
            """);
        command.Parameters.AddWithValue("password_hash", credentials.PasswordHash.Value);
        command.Parameters.AddWithValue("normalized", credentials.CurrentEmail.Normalized);
        using var reader = command.ExecuteReader();
        if (!reader.Read() || reader.GetInt64(0) != 1 || (needsRoom && reader.GetInt64(1) >= User.DeviceLimit))
        {
            throw new ConcurrencyException("user", userId.Value);
        }
    }

    /// <summary>The statement's guard matched the one device row it names, or another write came first.</summary>
    private static int ExactlyOne(SqliteCommand command, DeviceId deviceId) =>
        command.ExecuteNonQuery() == 1 ? 1 : throw new ConcurrencyException("device", deviceId.Value);

    private SqliteCommand Command(string sql)
    {
        var command = connection.CreateCommand();
        command.Transaction = transaction;
        command.CommandText = sql;
        command.Parameters.AddWithValue("user_id", userId.Value);
        return command;
    }

    private static void BindDevice(SqliteCommand command, LinkedDevice device)
    {
        command.Parameters.AddWithValue("device_id", device.DeviceId.Value);
        command.Parameters.AddWithValue("description", device.Description.Value);
        command.Parameters.AddWithValue("session_id", device.SessionId.Value);
        command.Parameters.AddWithValue("first_seen", UnixTime.ToMilliseconds(device.FirstSeen));
        command.Parameters.AddWithValue("last_used", UnixTime.ToMilliseconds(device.LastUsed));
    }
}
