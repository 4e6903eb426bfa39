namespace Ludmin.Infrastructure.Passwords.Foreign;

/// <summary>
/// The name each format is stored under (<c>!imported:&lt;name&gt;:…</c>, <see cref="Domain.Users.PasswordHash.Imported"/>)
/// and the <c>format</c> label of the imported-hashes metric. Part of the stored data: never rename one.
/// </summary>
internal static class ForeignHashFormatNames
{
    public static string Name(ForeignHashFormat format) => format switch
    {
        ForeignHashFormat.Bcrypt => "bcrypt",
        ForeignHashFormat.Argon2id => "argon2id",
        ForeignHashFormat.Argon2i => "argon2i",
        ForeignHashFormat.Argon2d => "argon2d",
        ForeignHashFormat.AspNetIdentityV2 => "aspnet_identity_v2",
        ForeignHashFormat.AspNetIdentityV3 => "aspnet_identity_v3",
        ForeignHashFormat.PasslibPbkdf2Sha1 => "passlib_pbkdf2_sha1",
        ForeignHashFormat.PasslibPbkdf2Sha256 => "passlib_pbkdf2_sha256",
        ForeignHashFormat.PasslibPbkdf2Sha512 => "passlib_pbkdf2_sha512",
        ForeignHashFormat.DjangoPbkdf2Sha1 => "django_pbkdf2_sha1",
        ForeignHashFormat.DjangoPbkdf2Sha256 => "django_pbkdf2_sha256",
        ForeignHashFormat.PasslibScrypt => "passlib_scrypt",
        _ => throw new ArgumentOutOfRangeException(nameof(format), format, "A foreign hash format without a stored name."),
    };
}
