using Ludmin.Application.Common;
using Mediator;

namespace Ludmin.Application.Users.DeleteUser;

/// <summary>
/// Closes an account: the user themself, proving it with their current password, or a master
/// for anyone but the last master (no password needed for another user; checked if sent).
/// </summary>
/// <param name="CurrentPassword">Always there when the caller closes their own account (made by <see cref="DeleteUserValidator"/>).</param>
public sealed record DeleteUserCommand(Caller Caller, string IdOrMe, CallerPassword? CurrentPassword) : ICommand
{
    public override string ToString() => $"DeleteUserCommand({IdOrMe})";
}
