namespace Ludmin.Infrastructure.Passwords.Foreign;

/// <summary>
/// Cost ceilings for foreign password hashes (<c>Ludmin:Passwords:Import</c>). A hash above one
/// is refused with <c>hash_too_costly</c>, so that one imported hash cannot make an account's
/// logins, or the server, slow: each login with it pays the hash's cost until it is replaced by
/// Argon2id. The defaults take what the usual tools write today (noted beside each) and refuse
/// what costs several times the dearest of them.
/// </summary>
public sealed class ForeignHashOptions
{
    public const string Section = "Ludmin:Passwords:Import";

    /// <summary>Argon2 memory (m), in KiB. Default 64 MiB (issue 21); argon2-cffi 21.1's default of 100 MiB is above it, RFC 9106's 64 MiB is not.</summary>
    public int MaxArgon2MemoryKiB { get; set; } = 64 * 1024;

    /// <summary>Argon2 passes (t). Default 10 (issue 21).</summary>
    public int MaxArgon2Iterations { get; set; } = 10;

    /// <summary>Argon2 lanes (p). Default 8 (issue 21).</summary>
    public int MaxArgon2Lanes { get; set; } = 8;

    /// <summary>bcrypt's cost (log2 of its rounds). Default 14, about 16 times the cost 10 most tools default to, 4 times Python bcrypt's 12.</summary>
    public int MaxBcryptCost { get; set; } = 14;

    /// <summary>PBKDF2-HMAC-SHA1 iterations (Identity v2 and v3, passlib, Django). Default 2,000,000: OWASP asks 1,300,000, passlib writes 131,000.</summary>
    public int MaxPbkdf2Sha1Iterations { get; set; } = 2_000_000;

    /// <summary>PBKDF2-HMAC-SHA256 iterations. Default 2,000,000: Django writes 260,000 (3.2) to 1,200,000 (6.0), OWASP asks 600,000.</summary>
    public int MaxPbkdf2Sha256Iterations { get; set; } = 2_000_000;

    /// <summary>PBKDF2-HMAC-SHA512 iterations. Default 1,000,000: Identity v3 writes 100,000, passlib 25,000, OWASP asks 210,000.</summary>
    public int MaxPbkdf2Sha512Iterations { get; set; } = 1_000_000;

    /// <summary>scrypt's log2 N. Default 20 (N ≤ 2^20).</summary>
    public int MaxScryptLogN { get; set; } = 20;

    /// <summary>scrypt's block size r. Default 16 (passlib and most tools write 8).</summary>
    public int MaxScryptBlockSize { get; set; } = 16;

    /// <summary>scrypt's parallelism p: the time grows with it, the memory does not. Default 16 (tools write 1).</summary>
    public int MaxScryptParallelism { get; set; } = 16;

    /// <summary>scrypt's memory, 128 · r · N bytes, in KiB. Default 64 MiB, passlib's default (ln=16, r=8) exactly.</summary>
    public int MaxScryptMemoryKiB { get; set; } = 64 * 1024;
}
