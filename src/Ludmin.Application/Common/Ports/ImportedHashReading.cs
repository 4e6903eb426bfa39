using Ludmin.Domain.Users;

namespace Ludmin.Application.Common.Ports;

/// <summary>
/// What <see cref="IImportedPasswordHashes"/> made of a hash: the <see cref="PasswordHash"/> to
/// keep (<see cref="PasswordHash.Imported"/>), or the per-row code why not
/// (<c>hash_unsupported</c>, <c>hash_too_costly</c>).
/// </summary>
public sealed record ImportedHashReading(PasswordHash? Hash, string? Code)
{
    public override string ToString() => Hash is null ? $"ImportedHashReading({Code})" : $"ImportedHashReading({Hash.ImportedFormat})";
}
