using Ludmin.Domain.Common;
using Ludmin.Domain.Users;

namespace Ludmin.Application.Common;

/// <summary>The user the <c>{id or me}</c> of the users paths names, and whether the caller may act on that user.</summary>
internal static class TargetUser
{
    public const string Me = "me";

    /// <summary>The user the path names. A malformed id names no user: it is answered like an unknown one.</summary>
    public static UserId Resolve(string idOrMe, Caller caller)
    {
        if (string.Equals(idOrMe, Me, StringComparison.OrdinalIgnoreCase))
        {
            return caller.UserId ?? throw new DomainException(Errors.Forbidden, "Only a user token has a 'me'.");
        }

        return UserId.TryParse(idOrMe, out var id) ? id : throw new DomainException(Errors.UserNotFound);
    }

    /// <summary>The user the path names, when the caller may act on them: themself, or anyone for a master; <paramref name="refusal"/> says what others may not do.</summary>
    public static UserId AuthorizeSelfOrMaster(string idOrMe, Caller caller, UserId callerId, string refusal)
    {
        var targetId = Resolve(idOrMe, caller);
        return targetId == callerId || caller.IsMaster ? targetId : throw new DomainException(Errors.Forbidden, refusal);
    }
}
