using System.Globalization;
using Ludmin.Application.Common.Ports;
using Ludmin.Domain.Users;

namespace Ludmin.Application.Users.ImportUsers;

/// <summary>
/// Turns rows of another system's users into Ludmin users and stores those whose address is
/// free, for <c>POST /users/import</c> and the import-users command alike. Each row is judged on
/// its own, with the value objects' own rules (<c>TryCreate</c>) and the hash's format and cost
/// (<see cref="IImportedPasswordHashes"/>): a bad row is answered <c>invalid</c> with its code and
/// field and never fails the others. Whether an address is free is the store's to decide
/// (<see cref="IUserRepository.ImportAsync"/>), so a repeated import creates nobody twice.
/// Nothing here compares a hash or a password with anything: a row's result depends only on the
/// row's own text and on which addresses are taken.
/// </summary>
public sealed class UserImport(IUserRepository users, IImportedPasswordHashes hashes, TimeProvider clock)
{
    /// <summary>One result per entry, in order.</summary>
    public async Task<IReadOnlyList<ImportUserResult>> ImportAsync(IReadOnlyList<ImportUserEntry?> entries, CancellationToken cancellationToken)
    {
        var results = new ImportUserResult[entries.Count];
        var admitted = new List<User>(entries.Count);
        var positions = new List<int>(entries.Count);
        var now = clock.GetUtcNow();
        for (var i = 0; i < entries.Count; i++)
        {
            var refusal = Admit(entries[i], now, out var user);
            if (user is null)
            {
                results[i] = refusal!;
                continue;
            }

            admitted.Add(user);
            positions.Add(i);
        }

        var stored = admitted.Count == 0 ? [] : await users.ImportAsync(admitted, cancellationToken);
        for (var j = 0; j < admitted.Count; j++)
        {
            var user = admitted[j];
            var email = entries[positions[j]]!.Email!;
            results[positions[j]] = stored[j]
                ? new ImportUserResult(email, ImportUserResult.Created, user.Id.Value)
                : new ImportUserResult(email, ImportUserResult.Exists);
        }

        return results;
    }

    /// <summary>The user a row makes, or (user null) the row's <c>invalid</c> result.</summary>
    private ImportUserResult? Admit(ImportUserEntry? entry, DateTimeOffset now, out User? user)
    {
        user = null;
        var sent = entry?.Email ?? string.Empty;
        if (!EmailAddress.TryCreate(entry?.Email, out var email))
        {
            return Invalid(sent, "email_invalid", "email");
        }

        if (!FullName.TryCreate(entry!.FullName, out var fullName))
        {
            return Invalid(sent, "full_name_invalid", "full_name");
        }

        var hash = PasswordHash.NoPassword;
        if (entry.PasswordHash is not null)
        {
            var reading = hashes.Read(entry.PasswordHash);
            if (reading.Hash is null)
            {
                return Invalid(sent, reading.Code ?? "hash_unsupported", "password_hash");
            }

            hash = reading.Hash;
        }

        DateTimeOffset? createdAt = null;
        if (entry.CreatedAt is not null)
        {
            if (!TryReadCreatedAt(entry.CreatedAt, now, out var created))
            {
                return Invalid(sent, "created_at_invalid", "created_at");
            }

            createdAt = created;
        }

        user = User.Import(UserId.New(), fullName, email, entry.EmailVerified ?? false, hash, createdAt, now);
        return null;
    }

    /// <summary>An RFC 3339 time with its offset (or Z), not after now: a creation in the future would sort after every user made from here on.</summary>
    private static bool TryReadCreatedAt(string text, DateTimeOffset now, out DateTimeOffset createdAt) =>
        DateTimeOffset.TryParseExact(text, ["yyyy-MM-dd'T'HH:mm:ss.FFFFFFFK", "yyyy-MM-dd' 'HH:mm:ss.FFFFFFFK"], CultureInfo.InvariantCulture, DateTimeStyles.None, out createdAt)
        && (text.EndsWith('Z') || text.EndsWith('z') || text[^6] is '+' or '-')
        && createdAt <= now
        && createdAt >= DateTimeOffset.UnixEpoch;

    private static ImportUserResult Invalid(string email, string code, string field) =>
        new(email, ImportUserResult.Invalid, Code: code, Field: field);
}
