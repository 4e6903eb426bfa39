using Ludmin.Application.Common;
using Mediator;

namespace Ludmin.Application.Users.DeleteUser;

/// <summary>
/// Closes an account: the user themself, proving it with their current password, or a master
/// for anyone but the last master (no password needed for another user; checked if sent).
/// Checked by <see cref="DeleteUserValidator"/>.
/// </summary>
/// <param name="CurrentPassword">The caller's own password as sent; required when the caller closes their own account.</param>
public sealed record DeleteUserCommand(Caller Caller, string IdOrMe, string? CurrentPassword) : ICommand
{
    /// <summary>Whether the caller closes their own account, which needs their password.</summary>
    public bool TargetsCaller =>
        string.Equals(IdOrMe, TargetUser.Me, StringComparison.OrdinalIgnoreCase)
        || (Caller.UserId is { } own && string.Equals(IdOrMe, own.Value, StringComparison.OrdinalIgnoreCase));

    public override string ToString() => $"DeleteUserCommand({IdOrMe})";
}
