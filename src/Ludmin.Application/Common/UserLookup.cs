using Ludmin.Application.Common.Ports;
using Ludmin.Domain.Common;
using Ludmin.Domain.Users;

namespace Ludmin.Application.Common;

/// <summary>Resolves the <c>{id or me}</c> of the users paths, and who may act on it.</summary>
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

    /// <summary>The user to act on: the caller, or anyone for a master; <paramref name="refusal"/> says what others may not do.</summary>
    public static UserId AuthorizedTarget(string idOrMe, Caller caller, UserId callerId, string refusal)
    {
        var targetId = ResolveTarget(idOrMe, caller);
        return targetId == callerId || caller.IsMaster ? targetId : throw new DomainException(Errors.Forbidden, refusal);
    }

    /// <summary>The caller proves who they are with their own password, also when a master acts on another user.</summary>
    public static async Task VerifyCallerPasswordAsync(
        this IUserRepository users, IPasswordHasher hasher, string password, UserId callerId, User target, CancellationToken cancellationToken)
    {
        var callerUser = target.Id == callerId ? target : await users.FindByIdAsync(callerId, cancellationToken)
            ?? throw new DomainException(Errors.SessionEnded);
        var verification = await hasher.VerifyAsync(password, callerUser.PasswordHash, cancellationToken);
        if (verification == PasswordVerification.Failed)
        {
            throw new DomainException(Errors.CurrentPasswordInvalid, field: "current_password");
        }
    }
}
