namespace Ludmin.Infrastructure.Storage;

/// <summary>
/// The statements SQLite and PostgreSQL speak alike, written once: both stores keep the same
/// tables and columns (times as Unix milliseconds, flags bound as each engine's boolean), both
/// take <c>@name</c> parameters, <c>ON CONFLICT</c> upserts and <c>excluded</c>. Each engine binds
/// the parameters its own way; what differs (reading a whole user, row locks, <c>MAX</c> against
/// <c>GREATEST</c>, connections, faults, migrations) stays with each store (docs/architecture.md).
/// </summary>
internal static class SqlStatements
{
    /// <summary>A first failure: the row is made only if no other failure made it first (then a version conflict).</summary>
    public const string InsertThrottle = """
        INSERT INTO login_throttles (key, failures, last_failure_at, blocked_until, expires_at, version)
        VALUES (@key, @failures, @last_failure_at, @blocked_until, @expires_at, 1)
        ON CONFLICT (key) DO NOTHING
        """;

    public const string UpdateThrottle = """
        UPDATE login_throttles
           SET failures = @failures, last_failure_at = @last_failure_at, blocked_until = @blocked_until,
               expires_at = @expires_at, version = version + 1
         WHERE key = @key AND version = @version
        """;

    public const string DeleteThrottle = "DELETE FROM login_throttles WHERE key = @key";

    public const string DeleteExpiredThrottles = "DELETE FROM login_throttles WHERE expires_at <= @now";

    /// <summary>A new code voids the old one: one row per user, replaced in the same statement.</summary>
    public const string ReplaceReset = """
        INSERT INTO password_resets (user_id, code_hash, code_sealed, created_at, expires_at, failed_attempts, version)
        VALUES (@user_id, @code_hash, @code_sealed, @created_at, @expires_at, 0, 1)
        ON CONFLICT (user_id) DO UPDATE
           SET code_hash = excluded.code_hash, code_sealed = excluded.code_sealed, created_at = excluded.created_at,
               expires_at = excluded.expires_at, failed_attempts = 0, version = password_resets.version + 1
        """;

    /// <summary>The code hash too: a version alone could match a newer code written after this one was consumed.</summary>
    public const string UpdateResetAttempts = """
        UPDATE password_resets SET failed_attempts = @failed_attempts, version = version + 1
         WHERE user_id = @user_id AND version = @version AND code_hash = @code_hash
        """;

    public const string ConsumeReset = "DELETE FROM password_resets WHERE user_id = @user_id AND version = @version AND code_hash = @code_hash";

    public const string CountResetRefusals = "SELECT refusals FROM reset_refusals WHERE client = @client AND expires_at > @now";

    /// <summary>A refused completion from a client: a window that is over starts afresh at one refusal; an open one counts on.</summary>
    public const string CountResetRefusal = """
        INSERT INTO reset_refusals (client, refusals, expires_at) VALUES (@client, 1, @window_ends)
        ON CONFLICT (client) DO UPDATE
           SET refusals = CASE WHEN reset_refusals.expires_at > @now THEN reset_refusals.refusals + 1 ELSE 1 END,
               expires_at = CASE WHEN reset_refusals.expires_at > @now THEN reset_refusals.expires_at ELSE excluded.expires_at END
        """;

    /// <summary>A wrong try, by the code hash, not the version: a try racing another is counted on top of it.</summary>
    public const string CountWrongTry =
        "UPDATE password_resets SET failed_attempts = failed_attempts + 1, version = version + 1 WHERE user_id = @user_id AND code_hash = @code_hash";

    public static readonly string[] DeleteExpiredResets =
    [
        "DELETE FROM password_resets WHERE expires_at <= @now",
        "DELETE FROM reset_refusals WHERE expires_at <= @now",
    ];

    /// <summary>A relogin on a linked device: only from the session the login read.</summary>
    public const string RelinkDevice = """
        UPDATE user_devices SET description = @description, session_id = @session_id, last_used = @last_used, generation = @generation, rotated_at = NULL, grace_generation = NULL
         WHERE user_id = @user_id AND device_id = @device_id AND session_id = @expected_session
        """;

    public const string RevokeSession = "DELETE FROM user_devices WHERE user_id = @user_id AND device_id = @device_id AND session_id = @session_id";

    public const string RemoveDevice = "DELETE FROM user_devices WHERE user_id = @user_id AND device_id = @device_id";

    /// <summary>
    /// A closed account, child rows first (the foreign keys refuse an orphan), the throttles by the
    /// addresses stored now, not the ones some earlier read saw.
    /// </summary>
    public static readonly string[] DeleteUser =
    [
        "DELETE FROM passkeys WHERE user_id = @id",
        "DELETE FROM passkey_challenges WHERE user_id = @id",
        "DELETE FROM login_throttles WHERE key IN (SELECT normalized FROM user_emails WHERE user_id = @id)",
        "DELETE FROM login_throttles WHERE key = 'current_password:' || @id",
        "DELETE FROM password_resets WHERE user_id = @id",
        "DELETE FROM second_factor_challenges WHERE user_id = @id",
        "DELETE FROM second_factors WHERE user_id = @id",
        "DELETE FROM user_devices WHERE user_id = @id",
        "DELETE FROM user_emails WHERE user_id = @id",
        "DELETE FROM users WHERE id = @id",
    ];

    public const string SelectSecondFactors = $"SELECT {SecondFactors.SecondFactorRow.Columns} FROM second_factors WHERE user_id = @user_id";

    /// <summary>The first record of a user: made only if no other request made one first (then a version conflict).</summary>
    public const string InsertSecondFactors = $"""
        INSERT INTO second_factors ({SecondFactors.SecondFactorRow.Columns})
        VALUES (@user_id, @totp_secret, @totp_state, @enrolled_at, @activated_at, @last_step, @recovery_codes, @expires_at, 1)
        ON CONFLICT (user_id) DO NOTHING
        """;

    /// <summary>
    /// The compare-and-set every change of a user's factors goes through, the TOTP step's move
    /// included: only from the version read, so of two requests passing the same code one writes.
    /// </summary>
    public const string UpdateSecondFactors = """
        UPDATE second_factors
           SET totp_secret = @totp_secret, totp_state = @totp_state, enrolled_at = @enrolled_at, activated_at = @activated_at,
               last_step = @last_step, recovery_codes = @recovery_codes, expires_at = @expires_at, version = version + 1
         WHERE user_id = @user_id AND version = @version
        """;

    public const string DeleteSecondFactors = "DELETE FROM second_factors WHERE user_id = @user_id AND version = @version";

    /// <summary>Pending enrolments past their ten minutes; an active factor has no expiry (NULL).</summary>
    public const string DeleteExpiredSecondFactors = "DELETE FROM second_factors WHERE expires_at <= @now";

    /// <summary>copy-store: the source's record, unless the target holds one written since (a higher version).</summary>
    public const string CopySecondFactors = $"""
        INSERT INTO second_factors ({SecondFactors.SecondFactorRow.Columns})
        VALUES (@user_id, @totp_secret, @totp_state, @enrolled_at, @activated_at, @last_step, @recovery_codes, @expires_at, @version)
        ON CONFLICT (user_id) DO UPDATE
           SET totp_secret = excluded.totp_secret, totp_state = excluded.totp_state, enrolled_at = excluded.enrolled_at,
               activated_at = excluded.activated_at, last_step = excluded.last_step, recovery_codes = excluded.recovery_codes,
               expires_at = excluded.expires_at, version = excluded.version
         WHERE second_factors.version <= excluded.version
        """;

    public const string InsertSecondFactorChallenge = """
        INSERT INTO second_factor_challenges (id, user_id, device_id, description, failures, expires_at)
        VALUES (@id, @user_id, @device_id, @description, 0, @expires_at)
        """;

    public const string SelectChallenge = "SELECT id, user_id, device_id, description, failures, expires_at FROM second_factor_challenges WHERE id = @id";

    /// <summary>A wrong code, counted in the row itself so racing ones are all counted; then the one that reached the limit removes the step.</summary>
    public static readonly string[] CountChallengeFailure =
    [
        "UPDATE second_factor_challenges SET failures = failures + 1 WHERE id = @id",
        "DELETE FROM second_factor_challenges WHERE id = @id AND failures >= @max_failures",
    ];

    public const string ConsumeChallenge = "DELETE FROM second_factor_challenges WHERE id = @id AND failures < @max_failures";

    public const string DeleteExpiredSecondFactorChallenges = "DELETE FROM second_factor_challenges WHERE expires_at <= @now";

    /// <summary>The live-store marker (<c>served_live_since</c>, see <see cref="LiveStoreMarker"/>): written once, never moved.</summary>
    public const string MarkServedLive = "INSERT INTO store_facts (name, value) VALUES (@name, @value) ON CONFLICT (name) DO NOTHING";

    public const string ReadStoreFact = "SELECT value FROM store_facts WHERE name = @name";

    public const string PasskeyColumns =
        "id, user_id, credential_id, public_key, user_handle, name, sign_count, backup_eligible, backed_up, created_at, last_used, version";

    public const string SelectPasskeys = $"SELECT {PasskeyColumns} FROM passkeys";

    public const string InsertPasskey = $"""
        INSERT INTO passkeys ({PasskeyColumns})
        VALUES (@id, @user_id, @credential_id, @public_key, @user_handle, @name, @sign_count, @backup_eligible, @backed_up, @created_at, @last_used, 1)
        """;

    /// <summary>A rename or a use, from the version read: the counter moves only from the value the rule was checked against.</summary>
    public const string UpdatePasskey = """
        UPDATE passkeys SET name = @name, sign_count = @sign_count, backed_up = @backed_up, last_used = @last_used, version = version + 1
         WHERE id = @id AND version = @version
        """;

    public const string DeletePasskey = "DELETE FROM passkeys WHERE user_id = @user_id AND id = @id";

    public const string InsertChallenge = """
        INSERT INTO passkey_challenges (challenge, purpose, device_id, user_id, options_json, expires_at)
        VALUES (@challenge, @purpose, @device_id, @user_id, @options_json, @expires_at)
        """;

    /// <summary>Taken and removed in one statement: of two racing answers, one gets the row.</summary>
    public const string TakeChallenge =
        "DELETE FROM passkey_challenges WHERE challenge = @challenge RETURNING challenge, purpose, device_id, user_id, options_json, expires_at";

    public const string DeleteExpiredChallenges = "DELETE FROM passkey_challenges WHERE expires_at <= @now";

    /// <summary>A copied passkey: stored as given unless the target holds it at a higher version (used or renamed there since).</summary>
    public const string UpsertCopiedPasskey = $"""
        INSERT INTO passkeys ({PasskeyColumns})
        VALUES (@id, @user_id, @credential_id, @public_key, @user_handle, @name, @sign_count, @backup_eligible, @backed_up, @created_at, @last_used, @version)
        ON CONFLICT (credential_id) DO UPDATE
           SET name = excluded.name, sign_count = excluded.sign_count, backed_up = excluded.backed_up,
               last_used = excluded.last_used, version = excluded.version
         WHERE passkeys.version <= excluded.version
        """;

    public const string CountPasskeys = "SELECT COUNT(*) FROM passkeys";
}
