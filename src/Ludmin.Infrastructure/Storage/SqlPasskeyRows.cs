using System.Data.Common;
using Ludmin.Domain.Passkeys;
using Ludmin.Domain.Users;
using Ludmin.Infrastructure.Storage.Sqlite;

namespace Ludmin.Infrastructure.Storage;

/// <summary>
/// Passkeys and challenges to and from rows, written once for SQLite and PostgreSQL: both keep
/// the same columns (<see cref="SqlStatements"/>), and ADO.NET's common types bind and read them
/// alike (a flag binds as each engine's boolean, a missing time as NULL).
/// </summary>
internal static class SqlPasskeyRows
{
    public static void Bind(DbCommand command, string name, object? value)
    {
        var parameter = command.CreateParameter();
        parameter.ParameterName = name;
        parameter.Value = value ?? DBNull.Value;
        command.Parameters.Add(parameter);
    }

    public static void BindNew(DbCommand command, Passkey passkey)
    {
        Bind(command, "@id", passkey.Id.Value);
        Bind(command, "@user_id", passkey.UserId.Value);
        Bind(command, "@credential_id", passkey.CredentialId.Value);
        Bind(command, "@public_key", passkey.PublicKey);
        Bind(command, "@user_handle", passkey.UserHandle);
        BindChanging(command, passkey);
        Bind(command, "@backup_eligible", passkey.BackupEligible);
        Bind(command, "@created_at", UnixTime.ToMilliseconds(passkey.CreatedAt));
    }

    /// <summary>What a rename or a use changes.</summary>
    public static void BindChanging(DbCommand command, Passkey passkey)
    {
        Bind(command, "@name", passkey.Name.Value);
        Bind(command, "@sign_count", passkey.SignCount);
        Bind(command, "@backed_up", passkey.BackedUp);
        Bind(command, "@last_used", passkey.LastUsed is { } used ? UnixTime.ToMilliseconds(used) : null);
    }

    /// <summary>A row of <see cref="SqlStatements.SelectPasskeys"/>.</summary>
    public static Passkey ReadPasskey(DbDataReader reader) => Passkey.Restore(
        PasskeyId.Parse(reader.GetString(0)),
        UserId.Parse(reader.GetString(1)),
        CredentialId.Parse(reader.GetString(2)),
        reader.GetFieldValue<byte[]>(3),
        reader.GetFieldValue<byte[]>(4),
        PasskeyName.Create(reader.GetString(5)),
        reader.GetInt64(6),
        reader.GetBoolean(7),
        reader.GetBoolean(8),
        UnixTime.FromMilliseconds(reader.GetInt64(9)),
        reader.IsDBNull(10) ? null : UnixTime.FromMilliseconds(reader.GetInt64(10)),
        reader.GetInt64(11));

    public static void BindChallenge(DbCommand command, PasskeyChallenge challenge)
    {
        Bind(command, "@challenge", challenge.Challenge);
        Bind(command, "@purpose", (int)challenge.Purpose);
        Bind(command, "@device_id", challenge.DeviceId.Value);
        Bind(command, "@user_id", challenge.UserId?.Value);
        Bind(command, "@options_json", challenge.OptionsJson);
        Bind(command, "@expires_at", UnixTime.ToMilliseconds(challenge.ExpiresAt));
    }

    /// <summary>A row <see cref="SqlStatements.TakeChallenge"/> returns.</summary>
    public static PasskeyChallenge ReadChallenge(DbDataReader reader) => PasskeyChallenge.Restore(
        reader.GetString(0),
        (CeremonyPurpose)reader.GetInt32(1),
        DeviceId.Parse(reader.GetString(2)),
        reader.IsDBNull(3) ? null : UserId.Parse(reader.GetString(3)),
        reader.GetString(4),
        UnixTime.FromMilliseconds(reader.GetInt64(5)));

    /// <summary>The user's count from rows of (user_id, count).</summary>
    public static Dictionary<UserId, int> ReadCounts(DbDataReader reader)
    {
        var counts = new Dictionary<UserId, int>();
        while (reader.Read())
        {
            counts[UserId.Parse(reader.GetString(0))] = Convert.ToInt32(reader.GetValue(1), System.Globalization.CultureInfo.InvariantCulture);
        }

        return counts;
    }
}
