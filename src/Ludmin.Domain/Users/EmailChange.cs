namespace Ludmin.Domain.Users;

/// <summary>What <see cref="User.ChangeEmail"/> did, so the store knows whether a new address must be claimed.</summary>
public enum EmailChange
{
    /// <summary>The address already was the current one.</summary>
    Unchanged,

    /// <summary>An address from the user's own history became current again.</summary>
    Reactivated,

    /// <summary>An address new to this user was appended as current and unverified.</summary>
    Added,
}
