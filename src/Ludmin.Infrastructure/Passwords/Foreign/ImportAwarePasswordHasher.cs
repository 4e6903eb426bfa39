using Ludmin.Application.Common.Ports;
using Ludmin.Domain.Users;
using Microsoft.Extensions.Logging;

namespace Ludmin.Infrastructure.Passwords.Foreign;

/// <summary>
/// The hasher the application sees. Ludmin's own hashes go to <see cref="Argon2PasswordHasher"/>
/// as they always did; which hash is which is read from the stored text
/// (<see cref="PasswordHash.IsImported"/>), never guessed from the hash itself, since an imported
/// <c>$argon2id$</c> hash looks like Ludmin's own. An imported hash is verified with its scheme's
/// own rules (<see cref="ForeignHashVerifier"/>) on the hashing workers; when the password is
/// right the answer is <see cref="PasswordVerification.SucceededRehashNeeded"/>, and the caller
/// stores the same password as Argon2id, as after a change of parameters.
/// </summary>
/// <remarks>
/// Time: every verification, whatever the stored hash, does one Argon2id at the configured
/// parameters, as an unknown address does (<see cref="IPasswordHasher.SimulateVerifyAsync"/>):
/// for an imported hash, the rehash its caller makes on success, or a decoy verification here on
/// failure (and for a user without a password). A cheap legacy hash therefore never makes a login
/// faster than a wrong address; a costly one makes it slower by its own cost, within the
/// ceilings (<see cref="ForeignHashOptions"/>), until that user's first login replaces it.
/// </remarks>
internal sealed partial class ImportAwarePasswordHasher(
    Argon2PasswordHasher own, ForeignHashRecognizer recognizer, ForeignHashVerifier verifier, ILogger<ImportAwarePasswordHasher> logger) : IPasswordHasher
{
    public ValueTask<PasswordHash> HashAsync(string password, CancellationToken cancellationToken) => own.HashAsync(password, cancellationToken);

    public async ValueTask<PasswordVerification> VerifyAsync(string password, PasswordHash hash, CancellationToken cancellationToken)
    {
        if (!hash.IsImported)
        {
            return await own.VerifyAsync(password, hash, cancellationToken);
        }

        if (await VerifyImportedAsync(password, hash, cancellationToken))
        {
            return PasswordVerification.SucceededRehashNeeded;
        }

        await own.SimulateVerifyAsync(password, cancellationToken);
        return PasswordVerification.Failed;
    }

    public ValueTask SimulateVerifyAsync(string password, CancellationToken cancellationToken) => own.SimulateVerifyAsync(password, cancellationToken);

    private async Task<bool> VerifyImportedAsync(string password, PasswordHash hash, CancellationToken cancellationToken)
    {
        if (hash.ImportedFormat == PasswordHash.NoPasswordFormat)
        {
            return false; // only a password reset lets this user in
        }

        var recognition = recognizer.Recognize(hash.ImportedText);
        if (!recognition.IsRecognized)
        {
            // Lowered ceilings since the import, or a damaged row: never the hash itself in the log.
            LogUnusableImportedHash(hash.ImportedFormat ?? "?", recognition.Code ?? "?");
            return false;
        }

        return await own.RunForeignAsync(() => verifier.Verify(password, recognition.Hash), cancellationToken);
    }

    [LoggerMessage(Level = LogLevel.Error, Message = "An imported {Format} password hash cannot be verified ({Code}); the login is refused until the user resets the password.")]
    private partial void LogUnusableImportedHash(string format, string code);
}
