namespace Ludmin.Infrastructure.Passwords.Foreign;

/// <summary>
/// A password-hash format another system wrote, recognised from the stored string alone
/// (<see cref="ForeignHashRecognizer"/>). Also the label of the future "foreign hashes left" metric.
/// </summary>
internal enum ForeignHashFormat
{
    /// <summary><c>$2a$</c>, <c>$2b$</c>, <c>$2y$</c>: OpenBSD's bcrypt and crypt_blowfish's names for it.</summary>
    Bcrypt,

    /// <summary><c>$argon2id$v=19$…</c> (PHC string).</summary>
    Argon2id,

    /// <summary><c>$argon2i$v=19$…</c> (PHC string).</summary>
    Argon2i,

    /// <summary><c>$argon2d$v=19$…</c> (PHC string).</summary>
    Argon2d,

    /// <summary>ASP.NET Core Identity version 2: base64 of 0x00, salt, subkey (PBKDF2-HMAC-SHA1, 1000 iterations).</summary>
    AspNetIdentityV2,

    /// <summary>ASP.NET Core Identity version 3: base64 of 0x01, PRF, iterations, salt length, salt, subkey.</summary>
    AspNetIdentityV3,

    /// <summary>passlib <c>$pbkdf2$rounds$salt$checksum</c> (HMAC-SHA1).</summary>
    PasslibPbkdf2Sha1,

    /// <summary>passlib <c>$pbkdf2-sha256$…</c>.</summary>
    PasslibPbkdf2Sha256,

    /// <summary>passlib <c>$pbkdf2-sha512$…</c>.</summary>
    PasslibPbkdf2Sha512,

    /// <summary>Django <c>pbkdf2_sha1$iterations$salt$hash</c>.</summary>
    DjangoPbkdf2Sha1,

    /// <summary>Django <c>pbkdf2_sha256$iterations$salt$hash</c>.</summary>
    DjangoPbkdf2Sha256,

    /// <summary>passlib <c>$scrypt$ln=…,r=…,p=…$salt$checksum</c>.</summary>
    PasslibScrypt,
}
