using Ludmin.Domain.Common;
using Ludmin.Domain.Users;

namespace Ludmin.Application.Common;

/// <summary>Resolves the <c>{id or me}</c> of the users paths.</summary>
internal static class UserLookup
{
    public const string Me = "me";

    /// <summary>A malformed id names no user: it is answered like an unknown one.</summary>
    public static UserId ResolveTarget(string idOrMe, Caller caller)
    {
        if (string.Equals(idOrMe, Me, StringComparison.OrdinalIgnoreCase))
        {
            return caller.UserId ?? throw new DomainException(Errors.Forbidden, "Only a user token has a 'me'.");
        }

        return UserId.TryParse(idOrMe, out var id) ? id : throw new DomainException(Errors.UserNotFound);
    }

    public static async Task<User> LoadAsync(this IUserRepository users, UserId id, CancellationToken cancellationToken) =>
        await users.FindByIdAsync(id, cancellationToken) ?? throw new DomainException(Errors.UserNotFound);
}
