using Ludmin.Infrastructure.Passwords.Foreign;

namespace Ludmin.UnitTests.Infrastructure.Passwords.Foreign;

/// <summary>
/// One hash made by a real tool (tests/vectors/make-foreign-hashes.py): its password, the other
/// passwords the tool's own checker accepts and refuses, and what Ludmin should make of it.
/// </summary>
public sealed record ToolVector(
    string Format, string Tool, string Password, string Hash, IReadOnlyList<string> Accepted, IReadOnlyList<string> Refused, string Expect)
{
    public bool Verifies => Expect == "verifies";

    internal ForeignHashFormat ExpectedFormat => Format switch
    {
        "bcrypt" => ForeignHashFormat.Bcrypt,
        "argon2id" => ForeignHashFormat.Argon2id,
        "argon2i" => ForeignHashFormat.Argon2i,
        "argon2d" => ForeignHashFormat.Argon2d,
        "passlib-pbkdf2-sha1" => ForeignHashFormat.PasslibPbkdf2Sha1,
        "passlib-pbkdf2-sha256" => ForeignHashFormat.PasslibPbkdf2Sha256,
        "passlib-pbkdf2-sha512" => ForeignHashFormat.PasslibPbkdf2Sha512,
        "passlib-scrypt" => ForeignHashFormat.PasslibScrypt,
        "django-pbkdf2-sha256" => ForeignHashFormat.DjangoPbkdf2Sha256,
        "django-pbkdf2-sha1" => ForeignHashFormat.DjangoPbkdf2Sha1,
        _ => throw new InvalidOperationException($"The vectors name a format the tests do not know: {Format}."),
    };

    /// <summary>The hash with one character of its salt (<paramref name="salt"/>) or of its checksum changed to another of the same alphabet.</summary>
    public string WithOneCharacterChanged(bool salt)
    {
        var (start, length) = salt ? SaltSpan() : ChecksumSpan();
        var at = start + (length / 2);
        var replacement = Hash[at] == 'A' ? 'B' : 'A';
        return string.Concat(Hash.AsSpan(0, at), replacement.ToString(), Hash.AsSpan(at + 1));
    }

    public override string ToString() => $"{Tool}: {Hash}";

    // bcrypt: "$2b$12$" then 22 characters of salt, 31 of hash; every other format ends in "$salt$checksum".
    private (int Start, int Length) SaltSpan()
    {
        if (Format == "bcrypt")
        {
            return (7, 22);
        }

        var end = Hash.LastIndexOf('$');
        var start = Hash.LastIndexOf('$', end - 1) + 1;
        return (start, end - start);
    }

    private (int Start, int Length) ChecksumSpan()
    {
        var start = Format == "bcrypt" ? 29 : Hash.LastIndexOf('$') + 1;
        return (start, Hash.Length - start);
    }
}
