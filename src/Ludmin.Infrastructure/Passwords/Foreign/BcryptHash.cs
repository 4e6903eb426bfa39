namespace Ludmin.Infrastructure.Passwords.Foreign;

/// <summary>
/// A bcrypt hash: the 60-character string itself, since BCrypt.Net reads the salt from it and
/// the verifier compares the whole recomputed string.
/// </summary>
internal sealed record BcryptHash(string Text, int Cost) : ForeignHash(ForeignHashFormat.Bcrypt);
