using Ludmin.Application.Common.Models;
using Ludmin.Domain.Passkeys;
using Riok.Mapperly.Abstractions;

namespace Ludmin.Application.Common.Mapping;

/// <summary>
/// Passkey to what its owner sees, generated at compile time. The key, the credential id and the
/// user handle are named here as never shown, so a new member of <see cref="Passkey"/> fails the
/// build until somebody decides whether clients may see it.
/// </summary>
[Mapper(RequiredMappingStrategy = RequiredMappingStrategy.Both)]
internal static partial class PasskeyMapper
{
    [MapperIgnoreSource(nameof(Passkey.UserId))]
    [MapperIgnoreSource(nameof(Passkey.CredentialId))]
    [MapperIgnoreSource(nameof(Passkey.PublicKey))]
    [MapperIgnoreSource(nameof(Passkey.UserHandle))]
    [MapperIgnoreSource(nameof(Passkey.SignCount))]
    [MapperIgnoreSource(nameof(Passkey.Version))]
    [MapperIgnoreSource(nameof(Passkey.LastUsed))]
    [MapPropertyFromSource(nameof(PasskeyView.LastUsed), Use = nameof(ShownLastUsed))]
    public static partial PasskeyView ToView(this Passkey passkey);

    /// <summary>
    /// <c>last_used</c> to the hour, as a device's is (<see cref="UserMapper.LastUsedPrecision"/>):
    /// whoever holds a copy of a token may read the list, and need not learn the minute of each sign-in.
    /// </summary>
    private static DateTimeOffset? ShownLastUsed(Passkey passkey)
    {
        if (passkey.LastUsed is not { } used)
        {
            return null;
        }

        var utc = used.UtcDateTime;
        var hour = new DateTimeOffset(utc.Ticks - (utc.Ticks % UserMapper.LastUsedPrecision.Ticks), TimeSpan.Zero);
        return hour > passkey.CreatedAt ? hour : passkey.CreatedAt;
    }

    private static string IdToString(PasskeyId id) => id.Value;

    private static string NameToString(PasskeyName name) => name.Value;
}
