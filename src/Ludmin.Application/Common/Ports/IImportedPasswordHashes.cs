namespace Ludmin.Application.Common.Ports;

/// <summary>
/// Reads password hashes other systems wrote (bcrypt, Argon2, ASP.NET Core Identity, passlib,
/// Django), from the string alone, for an import. Nothing is verified here: no password is known.
/// </summary>
public interface IImportedPasswordHashes
{
    /// <summary>The hash to keep for an imported user, or why it cannot be taken.</summary>
    ImportedHashReading Read(string text);
}
