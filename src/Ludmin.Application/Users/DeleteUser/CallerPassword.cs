namespace Ludmin.Application.Users.DeleteUser;

/// <summary>
/// The caller's own current password, sent to close an account: required for the caller's own,
/// checked if a master sent it for another user's. A record of its own, so a command that has
/// none says so with null rather than with text a handler must trust someone checked.
/// </summary>
public sealed record CallerPassword(string Value)
{
    public override string ToString() => "CallerPassword";
}
