using Npgsql;

namespace Ludmin.Infrastructure.Storage.Postgres;

/// <summary>
/// The schema, as numbered migrations; <c>schema_version</c> records how many have run. They all
/// run in one transaction under a transaction-scoped advisory lock, so of several instances
/// starting at once on an empty database one migrates and the others, waiting on the lock, find
/// the work done. Append new migrations, never edit a released one. Times are Unix milliseconds
/// (<c>bigint</c>), as in SQLite, so both engines compare them in the same SQL; ids and addresses
/// sort byte by byte (<c>COLLATE "C"</c>), as SQLite sorts them, whatever the database's locale.
/// </summary>
internal static class PostgresSchema
{
    /// <summary>The advisory lock key of migrations ("ludmin" in ASCII, as a number).</summary>
    public const long MigrationLock = 0x6C75646D696E;

    private static readonly string[] Migrations =
    [
        """
        CREATE TABLE users (
            id               text    COLLATE "C" NOT NULL PRIMARY KEY,
            full_name        text    NOT NULL,
            password_hash    text    NOT NULL,
            password_history text    NOT NULL, -- JSON array of earlier hashes, newest first
            is_master        boolean NOT NULL,
            created_at       bigint  NOT NULL,
            updated_at       bigint  NOT NULL,
            version          bigint  NOT NULL
        );
        CREATE INDEX users_by_creation ON users (created_at, id);
        CREATE INDEX users_masters ON users (id) WHERE is_master;

        -- Every address any user has held, current or past: the primary key keeps an address to one user.
        CREATE TABLE user_emails (
            normalized  text    COLLATE "C" NOT NULL PRIMARY KEY,
            user_id     text    COLLATE "C" NOT NULL REFERENCES users (id),
            address     text    NOT NULL,
            is_current  boolean NOT NULL,
            is_verified boolean NOT NULL,
            inserted_at bigint  NOT NULL,
            updated_at  bigint  NOT NULL,
            position    integer NOT NULL
        );
        CREATE INDEX user_emails_by_user ON user_emails (user_id);

        CREATE TABLE user_devices (
            user_id     text    COLLATE "C" NOT NULL REFERENCES users (id),
            device_id   text    COLLATE "C" NOT NULL,
            description text    NOT NULL,
            session_id  text    NOT NULL,
            first_seen  bigint  NOT NULL,
            last_used   bigint  NOT NULL,
            position    integer NOT NULL,
            generation  bigint  NOT NULL DEFAULT 0,
            rotated_at  bigint,
            grace_generation bigint, -- the generation at which a replaced token last used the grace
            PRIMARY KEY (user_id, device_id)
        );

        CREATE TABLE password_resets (
            user_id         text    COLLATE "C" NOT NULL PRIMARY KEY REFERENCES users (id),
            code_hash       text    NOT NULL,
            code_sealed     text,   -- the code sealed (AES-GCM) to send it again; NULL for none
            created_at      bigint  NOT NULL,
            expires_at      bigint  NOT NULL,
            failed_attempts integer NOT NULL,
            version         bigint  NOT NULL
        );
        CREATE INDEX password_resets_by_expiry ON password_resets (expires_at);

        -- Refused reset completions per client address, in a window (see SqliteSchema's migration 5).
        CREATE TABLE reset_refusals (
            client     text   COLLATE "C" NOT NULL PRIMARY KEY,
            refusals   integer NOT NULL,
            expires_at bigint  NOT NULL
        );
        CREATE INDEX reset_refusals_by_expiry ON reset_refusals (expires_at);

        -- Failed logins per normalized address (whether or not a user has it).
        CREATE TABLE login_throttles (
            key             text    COLLATE "C" NOT NULL PRIMARY KEY,
            failures        integer NOT NULL,
            last_failure_at bigint  NOT NULL,
            blocked_until   bigint  NOT NULL,
            expires_at      bigint  NOT NULL,
            version         bigint  NOT NULL
        );
        CREATE INDEX login_throttles_by_expiry ON login_throttles (expires_at);

        -- Facts about the store itself (served_live_since: the API has served on it; copy-store refuses it).
        CREATE TABLE store_facts (
            name  text NOT NULL PRIMARY KEY,
            value text NOT NULL
        );

        -- Readiness rewrites this one row: a real commit, which a read-only server refuses.
        CREATE TABLE health_probe (
            id        integer     NOT NULL PRIMARY KEY CHECK (id = 1),
            probed_at timestamptz NOT NULL
        );
        """,
        """
        -- Passkeys and their ceremonies (see SqliteSchema's migration of the same content).
        CREATE TABLE passkeys (
            id              text    COLLATE "C" NOT NULL PRIMARY KEY,
            user_id         text    COLLATE "C" NOT NULL REFERENCES users (id),
            credential_id   text    COLLATE "C" NOT NULL UNIQUE,
            public_key      bytea   NOT NULL,
            user_handle     bytea   NOT NULL,
            name            text    NOT NULL,
            sign_count      bigint  NOT NULL,
            backup_eligible boolean NOT NULL,
            backed_up       boolean NOT NULL,
            created_at      bigint  NOT NULL,
            last_used       bigint,
            version         bigint  NOT NULL
        );
        CREATE INDEX passkeys_by_user ON passkeys (user_id, created_at);

        CREATE TABLE passkey_challenges (
            challenge    text    COLLATE "C" NOT NULL PRIMARY KEY,
            purpose      integer NOT NULL,
            device_id    text    COLLATE "C" NOT NULL,
            user_id      text    COLLATE "C",
            options_json text    NOT NULL,
            expires_at   bigint  NOT NULL
        );
        CREATE INDEX passkey_challenges_by_expiry ON passkey_challenges (expires_at);
        CREATE INDEX passkey_challenges_by_user ON passkey_challenges (user_id);
        """,
        """
        -- Second factors (issue 19), one row per user, as in SqliteSchema: the TOTP factor with its
        -- sealed secret (AES-GCM) and last accepted step, the recovery codes' keyed hashes (JSON
        -- array), version for the compare-and-set; expires_at a pending enrolment's end.
        CREATE TABLE second_factors (
            user_id        text    COLLATE "C" NOT NULL PRIMARY KEY REFERENCES users (id),
            totp_secret    bytea   NOT NULL,
            totp_state     text    NOT NULL,
            enrolled_at    bigint  NOT NULL,
            activated_at   bigint,
            last_step      bigint,
            recovery_codes text    NOT NULL,
            expires_at     bigint,
            version        bigint  NOT NULL
        );
        CREATE INDEX second_factors_by_expiry ON second_factors (expires_at) WHERE expires_at IS NOT NULL;

        -- The second step of logins: the second-factor token's jti, the device to link, wrong codes taken.
        CREATE TABLE second_factor_challenges (
            id          text    COLLATE "C" NOT NULL PRIMARY KEY,
            user_id     text    COLLATE "C" NOT NULL REFERENCES users (id),
            device_id   text    COLLATE "C" NOT NULL,
            description text    NOT NULL,
            failures    integer NOT NULL,
            expires_at  bigint  NOT NULL
        );
        CREATE INDEX second_factor_challenges_by_user ON second_factor_challenges (user_id);
        CREATE INDEX second_factor_challenges_by_expiry ON second_factor_challenges (expires_at);
        """,
    ];

    public static int Latest => Migrations.Length;

    /// <summary>Runs the migrations the database has not seen yet, all in one transaction under the migration lock.</summary>
    public static async Task MigrateAsync(NpgsqlConnection connection, CancellationToken cancellationToken)
    {
        // A read first: a database already migrated is left alone, with no lock and no write, so an
        // instance starting while the server is read-only (a failover under way) still serves reads.
        if (await CurrentVersionAsync(connection, null, cancellationToken) == Migrations.Length)
        {
            return;
        }

        await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
        await ExecuteAsync(connection, transaction, $"SELECT pg_advisory_xact_lock({MigrationLock})", cancellationToken);
        await ExecuteAsync(connection, transaction, """
            CREATE TABLE IF NOT EXISTS schema_version (
                id      integer NOT NULL PRIMARY KEY CHECK (id = 1),
                version integer NOT NULL
            );
            INSERT INTO schema_version (id, version) VALUES (1, 0) ON CONFLICT (id) DO NOTHING;
            """, cancellationToken);

        // Read under the lock: another instance may have migrated while this one waited.
        var current = await CurrentVersionAsync(connection, transaction, cancellationToken) ?? 0;
        if (current > Migrations.Length)
        {
            throw new InvalidOperationException(
                $"The database is at schema version {current}, newer than this build knows ({Migrations.Length}). Run a newer Ludmin.");
        }

        for (var version = current; version < Migrations.Length; version++)
        {
            await ExecuteAsync(connection, transaction, Migrations[version], cancellationToken);
        }

        await ExecuteAsync(connection, transaction, $"UPDATE schema_version SET version = {Migrations.Length} WHERE id = 1", cancellationToken);
        await transaction.CommitAsync(cancellationToken);
    }

    /// <summary>The schema version, or null when the database has never been migrated.</summary>
    public static async Task<int?> CurrentVersionAsync(NpgsqlConnection connection, NpgsqlTransaction? transaction, CancellationToken cancellationToken)
    {
        await using var command = new NpgsqlCommand(
            "SELECT version FROM schema_version WHERE id = 1", connection, transaction);
        try
        {
            return await command.ExecuteScalarAsync(cancellationToken) is int version ? version : null;
        }
        catch (PostgresException ex) when (ex.SqlState == "42P01")
        {
            // undefined_table: a database no Ludmin has started on.
            return null;
        }
    }

    private static async Task ExecuteAsync(NpgsqlConnection connection, NpgsqlTransaction transaction, string sql, CancellationToken cancellationToken)
    {
        await using var command = new NpgsqlCommand(sql, connection, transaction);
        await command.ExecuteNonQueryAsync(cancellationToken);
    }
}
