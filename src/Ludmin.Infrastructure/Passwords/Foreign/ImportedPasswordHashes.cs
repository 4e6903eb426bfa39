using Ludmin.Application.Common.Ports;
using Ludmin.Domain.Users;

namespace Ludmin.Infrastructure.Passwords.Foreign;

/// <summary>
/// An import's hashes, read by <see cref="ForeignHashRecognizer"/>: a recognised one is kept as
/// it came, under its format's name (<see cref="ForeignHashFormatNames"/>), to be verified at the
/// user's next login and then replaced by Ludmin's own Argon2id.
/// </summary>
internal sealed class ImportedPasswordHashes(ForeignHashRecognizer recognizer) : IImportedPasswordHashes
{
    public ImportedHashReading Read(string text)
    {
        var recognition = recognizer.Recognize(text);
        return recognition.IsRecognized
            ? new ImportedHashReading(PasswordHash.Imported(ForeignHashFormatNames.Name(recognition.Hash.Format), text), null)
            : new ImportedHashReading(null, recognition.Code);
    }
}
