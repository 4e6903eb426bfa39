using System.Text.Json;
using Ludmin.Domain.Common;
using Ludmin.Domain.Users;
using Ludmin.Infrastructure.Storage.Sqlite;
using Microsoft.Data.Sqlite;

namespace Ludmin.Infrastructure.Storage.Generating;

/// <summary>
/// New users into the three user tables with multi-row inserts, one transaction per batch:
/// the same rows <see cref="SqliteUserRepository"/> writes, and all or nothing per batch.
/// </summary>
internal sealed class SqliteUserBulkInsert(SqliteDatabase database) : IUserBulkInsert
{
    private static readonly string[] UserColumns = ["id", "full_name", "password_hash", "password_history", "is_master", "created_at", "updated_at", "version"];
    private static readonly string[] EmailColumns = ["normalized", "user_id", "address", "is_current", "is_verified", "inserted_at", "updated_at", "position"];
    private static readonly string[] DeviceColumns = ["user_id", "device_id", "description", "session_id", "first_seen", "last_used", "position"];

    public Task<int> InsertAsync(IReadOnlyList<User> users, CancellationToken cancellationToken) =>
        database.WriteAsync((connection, transaction) =>
        {
            // The generating process's own writer connection: a larger page cache keeps the indexes'
            // inner pages in memory as the file grows to hundreds of megabytes.
            using (var cache = connection.CreateCommand())
            {
                cache.Transaction = transaction;
                cache.CommandText = "PRAGMA cache_size = -65536;";
                cache.ExecuteNonQuery();
            }

            try
            {
                InsertRows(connection, transaction, users);
            }
            catch (SqliteException ex) when (SqliteErrors.IsUniqueViolation(ex))
            {
                // The batch's transaction is rolled back as the exception leaves it.
                throw new DomainException(Errors.EmailInUse, "A generated address is already held by a user that generate-users did not write; nothing of this batch was written.");
            }

            return 0;
        }, cancellationToken);

    /// <summary>The users' rows in the three tables, inside the caller's transaction.</summary>
    internal static void InsertRows(SqliteConnection connection, SqliteTransaction transaction, IReadOnlyList<User> users)
    {
        // Table by table, users first: the other two refer to them (foreign keys are checked at once).
        InsertUserRows(connection, transaction, users);
        InsertEmailRows(connection, transaction, users);
        InsertDeviceRows(connection, transaction, users);
    }

    private static void InsertUserRows(SqliteConnection connection, SqliteTransaction transaction, IReadOnlyList<User> users)
    {
        using var rows = new MultiRowInsert(connection, transaction, "users", UserColumns);
        foreach (var user in users)
        {
            rows.Add(
                user.Id.Value, user.FullName.Value, user.PasswordHash.Value, History(user), user.IsMaster ? 1 : 0,
                UnixTime.ToMilliseconds(user.CreatedAt), UnixTime.ToMilliseconds(user.UpdatedAt), user.Version);
        }

        rows.Flush();
    }

    private static void InsertEmailRows(SqliteConnection connection, SqliteTransaction transaction, IReadOnlyList<User> users)
    {
        using var rows = new MultiRowInsert(connection, transaction, "user_emails", EmailColumns);
        foreach (var user in users)
        {
            for (var i = 0; i < user.Emails.Count; i++)
            {
                var email = user.Emails[i];
                rows.Add(
                    email.Address.Normalized, user.Id.Value, email.Address.Value, email.IsCurrent ? 1 : 0, email.IsVerified ? 1 : 0,
                    UnixTime.ToMilliseconds(email.InsertedAt), UnixTime.ToMilliseconds(email.UpdatedAt), i);
            }
        }

        rows.Flush();
    }

    private static void InsertDeviceRows(SqliteConnection connection, SqliteTransaction transaction, IReadOnlyList<User> users)
    {
        using var rows = new MultiRowInsert(connection, transaction, "user_devices", DeviceColumns);
        foreach (var user in users)
        {
            for (var i = 0; i < user.Devices.Count; i++)
            {
                var device = user.Devices[i];
                rows.Add(
                    user.Id.Value, device.DeviceId.Value, device.Description.Value, device.SessionId.Value,
                    UnixTime.ToMilliseconds(device.FirstSeen), UnixTime.ToMilliseconds(device.LastUsed), i);
            }
        }

        rows.Flush();
    }

    private static string History(User user) =>
        user.PasswordHistory.Count == 0 ? "[]" : JsonSerializer.Serialize(user.PasswordHistory.Select(h => h.Value));
}
