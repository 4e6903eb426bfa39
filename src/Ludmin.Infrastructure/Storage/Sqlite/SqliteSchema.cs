using Microsoft.Data.Sqlite;

namespace Ludmin.Infrastructure.Storage.Sqlite;

/// <summary>
/// The schema, as numbered migrations; <c>PRAGMA user_version</c> records how many have run.
/// Append new migrations, never edit a released one.
/// </summary>
internal static class SqliteSchema
{
    private static readonly string[] Migrations =
    [
        """
        CREATE TABLE users (
            id               TEXT    NOT NULL PRIMARY KEY,
            full_name        TEXT    NOT NULL,
            password_hash    TEXT    NOT NULL,
            password_history TEXT    NOT NULL, -- JSON array of earlier hashes, newest first
            is_master        INTEGER NOT NULL,
            created_at       INTEGER NOT NULL, -- Unix milliseconds, UTC
            updated_at       INTEGER NOT NULL,
            version          INTEGER NOT NULL
        ) STRICT;
        CREATE INDEX users_by_creation ON users (created_at, id);

        -- Every address any user has held, current or past. The primary key on the normalized
        -- address is what keeps an address to one user: the store decides, not a prior read.
        CREATE TABLE user_emails (
            normalized  TEXT    NOT NULL PRIMARY KEY,
            user_id     TEXT    NOT NULL REFERENCES users (id),
            address     TEXT    NOT NULL,
            is_current  INTEGER NOT NULL,
            is_verified INTEGER NOT NULL,
            inserted_at INTEGER NOT NULL,
            updated_at  INTEGER NOT NULL,
            position    INTEGER NOT NULL
        ) STRICT;
        CREATE INDEX user_emails_by_user ON user_emails (user_id);

        CREATE TABLE user_devices (
            user_id     TEXT    NOT NULL REFERENCES users (id),
            device_id   TEXT    NOT NULL,
            description TEXT    NOT NULL,
            session_id  TEXT    NOT NULL,
            first_seen  INTEGER NOT NULL,
            last_used   INTEGER NOT NULL,
            position    INTEGER NOT NULL,
            PRIMARY KEY (user_id, device_id)
        ) STRICT, WITHOUT ROWID;

        CREATE TABLE password_resets (
            user_id         TEXT    NOT NULL PRIMARY KEY REFERENCES users (id),
            code_hash       TEXT    NOT NULL,
            created_at      INTEGER NOT NULL,
            expires_at      INTEGER NOT NULL,
            failed_attempts INTEGER NOT NULL,
            version         INTEGER NOT NULL
        ) STRICT;
        CREATE INDEX password_resets_by_expiry ON password_resets (expires_at);
        """,
        """
        -- Failed logins per normalized address (whether or not a user has it).
        CREATE TABLE login_throttles (
            key             TEXT    NOT NULL PRIMARY KEY,
            failures        INTEGER NOT NULL,
            last_failure_at INTEGER NOT NULL,
            blocked_until   INTEGER NOT NULL,
            expires_at      INTEGER NOT NULL,
            version         INTEGER NOT NULL
        ) STRICT, WITHOUT ROWID;
        CREATE INDEX login_throttles_by_expiry ON login_throttles (expires_at);
        """,
        """
        -- How many users there are, kept by triggers in the same transaction as each insert or
        -- delete: every GET /users page reports the total, and COUNT(*) walks a whole index
        -- (about a second at a million users on our machines), where this is one row.
        CREATE TABLE user_count (
            id    INTEGER NOT NULL PRIMARY KEY CHECK (id = 1),
            users INTEGER NOT NULL
        ) STRICT;
        INSERT INTO user_count (id, users) SELECT 1, COUNT(*) FROM users;
        CREATE TRIGGER users_counted_on_insert AFTER INSERT ON users
        BEGIN
            UPDATE user_count SET users = users + 1 WHERE id = 1;
        END;
        CREATE TRIGGER users_counted_on_delete AFTER DELETE ON users
        BEGIN
            UPDATE user_count SET users = users - 1 WHERE id = 1;
        END;
        """,
        """
        -- Refresh rotation: each session's generation, moved on by every refresh (a token of an
        -- older one past the grace ends the session), and when the current one replaced the one
        -- before. Sessions stored before start at generation 0, which is also what a token
        -- issued before carries (it has no generation claim), so both keep working.
        ALTER TABLE user_devices ADD COLUMN generation INTEGER NOT NULL DEFAULT 0;
        ALTER TABLE user_devices ADD COLUMN rotated_at INTEGER; -- Unix milliseconds; NULL until the first refresh
        """,
        """
        -- Refused reset completions per client address, whatever the reason (unknown address, no
        -- code, wrong code): past a few in a window that address is refused outright, so one
        -- address cannot spend a code's wrong tries for everybody. Every refusal writes here,
        -- which also makes a refusal cost the same whether or not the address has an account.
        CREATE TABLE reset_refusals (
            client     TEXT    NOT NULL PRIMARY KEY,
            refusals   INTEGER NOT NULL,
            expires_at INTEGER NOT NULL -- Unix milliseconds: the end of the window
        ) STRICT, WITHOUT ROWID;
        CREATE INDEX reset_refusals_by_expiry ON reset_refusals (expires_at);

        -- The live code sealed (AES-GCM, under a key derived from the signing key) beside its
        -- keyed hash, so a repeated request can send the same code again instead of replacing
        -- it. NULL for codes stored before: those are replaced at the next request.
        ALTER TABLE password_resets ADD COLUMN code_sealed TEXT;
        """,
        """
        -- The generation a session was at when a replaced token last used the refresh grace: a
        -- second use within a few rotations ends the session as reused (User.GraceRotationWindow).
        -- NULL for a session that never used it, as every session stored before.
        ALTER TABLE user_devices ADD COLUMN grace_generation INTEGER;
        """,
        """
        -- Email keys made by the Unicode-aware comparison (width, case, NFC, IDNA): computed in code,
        -- SqliteEmailKeyMigration, in this migration's transaction.
        """,
        """
        -- Passkeys (WebAuthn credentials), one row each; the unique credential id keeps a credential
        -- to one passkey of one user, decided here and not by a read before the write. IF NOT
        -- EXISTS: a file set back to an earlier schema version (as the email-key migration's tests
        -- do) runs this again over tables it already has.
        CREATE TABLE IF NOT EXISTS passkeys (
            id              TEXT    NOT NULL PRIMARY KEY,
            user_id         TEXT    NOT NULL REFERENCES users (id),
            credential_id   TEXT    NOT NULL UNIQUE, -- base64url
            public_key      BLOB    NOT NULL,        -- COSE
            user_handle     BLOB    NOT NULL,
            name            TEXT    NOT NULL,
            sign_count      INTEGER NOT NULL,
            backup_eligible INTEGER NOT NULL,
            backed_up       INTEGER NOT NULL,
            created_at      INTEGER NOT NULL,
            last_used       INTEGER,                 -- NULL until the first sign-in
            version         INTEGER NOT NULL
        ) STRICT;
        CREATE INDEX IF NOT EXISTS passkeys_by_user ON passkeys (user_id, created_at);

        -- WebAuthn ceremonies between their two calls, shared by every instance, each taken once.
        CREATE TABLE IF NOT EXISTS passkey_challenges (
            challenge    TEXT    NOT NULL PRIMARY KEY, -- base64url, as clientDataJSON carries it
            purpose      INTEGER NOT NULL,
            device_id    TEXT    NOT NULL,
            user_id      TEXT,                         -- NULL for a sign-in, which names nobody
            options_json TEXT    NOT NULL,
            expires_at   INTEGER NOT NULL
        ) STRICT, WITHOUT ROWID;
        CREATE INDEX IF NOT EXISTS passkey_challenges_by_expiry ON passkey_challenges (expires_at);
        CREATE INDEX IF NOT EXISTS passkey_challenges_by_user ON passkey_challenges (user_id);
        """,
        """
        -- Second factors (issue 19), one row per user: the TOTP factor, pending or active, its secret
        -- sealed with AES-GCM under Ludmin:SecondFactor:EncryptionKey (a read of this file alone
        -- does not yield it), the last time step a code was accepted for, and the recovery codes'
        -- keyed hashes (a JSON array). Every change is a compare-and-set on version. expires_at is a
        -- pending enrolment's end (NULL once active).
        CREATE TABLE IF NOT EXISTS second_factors (
            user_id        TEXT    NOT NULL PRIMARY KEY REFERENCES users (id),
            totp_secret    BLOB    NOT NULL,
            totp_state     TEXT    NOT NULL,
            enrolled_at    INTEGER NOT NULL,
            activated_at   INTEGER,
            last_step      INTEGER,
            recovery_codes TEXT    NOT NULL,
            expires_at     INTEGER,
            version        INTEGER NOT NULL
        ) STRICT;
        CREATE INDEX IF NOT EXISTS second_factors_by_expiry ON second_factors (expires_at) WHERE expires_at IS NOT NULL;

        -- The second step of logins: the second-factor token's jti, the device to link, wrong codes taken.
        CREATE TABLE IF NOT EXISTS second_factor_challenges (
            id          TEXT    NOT NULL PRIMARY KEY,
            user_id     TEXT    NOT NULL REFERENCES users (id),
            device_id   TEXT    NOT NULL,
            description TEXT    NOT NULL,
            failures    INTEGER NOT NULL,
            expires_at  INTEGER NOT NULL
        ) STRICT, WITHOUT ROWID;
        CREATE INDEX IF NOT EXISTS second_factor_challenges_by_user ON second_factor_challenges (user_id);
        CREATE INDEX IF NOT EXISTS second_factor_challenges_by_expiry ON second_factor_challenges (expires_at);
        """,
    ];

    /// <summary>What SQL alone cannot do: run after the migration of the same number, in its transaction.</summary>
    private static readonly Dictionary<int, Action<SqliteConnection, SqliteTransaction>> CodeSteps = new()
    {
        [SqliteEmailKeyMigration.Version] = SqliteEmailKeyMigration.Run,
    };

    public static int Latest => Migrations.Length;

    /// <summary>Runs the migrations this file has not seen yet, each in its own transaction.</summary>
    public static void Migrate(SqliteConnection connection)
    {
        var current = CurrentVersion(connection);
        if (current > Migrations.Length)
        {
            throw new InvalidOperationException(
                $"The database is at schema version {current}, newer than this build knows ({Migrations.Length}). Run a newer Ludmin.");
        }

        for (var version = current; version < Migrations.Length; version++)
        {
            // An immediate transaction, then the version read again inside it: another process
            // starting on the same file may have run this migration since the read above.
            using var transaction = connection.BeginTransaction(deferred: false);
            if (CurrentVersion(connection, transaction) > version)
            {
                continue;
            }

            using var command = connection.CreateCommand();
            command.Transaction = transaction;
            command.CommandText = Migrations[version] + $"\nPRAGMA user_version = {version + 1};";
            command.ExecuteNonQuery();
            if (CodeSteps.TryGetValue(version + 1, out var step))
            {
                step(connection, transaction);
            }

            transaction.Commit();
        }
    }

    public static int CurrentVersion(SqliteConnection connection, SqliteTransaction? transaction = null)
    {
        using var command = connection.CreateCommand();
        command.Transaction = transaction;
        command.CommandText = "PRAGMA user_version;";
        return Convert.ToInt32(command.ExecuteScalar(), System.Globalization.CultureInfo.InvariantCulture);
    }
}
