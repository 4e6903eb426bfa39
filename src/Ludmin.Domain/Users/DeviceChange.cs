namespace Ludmin.Domain.Users;

/// <summary>
/// One change to a user's linked devices since the user was read, in the order it was made.
/// Device sessions are not guarded by <see cref="User.Version"/>: each change carries its own,
/// narrower guard, so a login, a refresh and a profile edit of the same user never make each
/// other fail, while a password change still ends the other sessions in the same write.
/// </summary>
/// <remarks>
/// A closed set: the constructor is private, so the kinds are the records nested here and no
/// other. A store applies a change through <see cref="Accept{TResult}"/> rather than a switch,
/// because C# checks no switch over a class hierarchy for exhaustiveness: a new kind needs a
/// <c>Visit</c> of its own in <see cref="IDeviceChangeVisitor{TResult}"/>, and then every store
/// fails to build until it says how to write it.
/// </remarks>
public abstract partial record DeviceChange
{
    private DeviceChange()
    {
    }

    /// <summary>Hands this change, as its own kind, to the one method of <paramref name="visitor"/> that applies that kind.</summary>
    public abstract TResult Accept<TResult>(IDeviceChangeVisitor<TResult> visitor);
}
