using Ludmin.Application.Common;

namespace Ludmin.Application.Users.DeleteUser;

/// <summary>An account closure as sent; <see cref="DeleteUserValidator"/> checks it and makes the <see cref="DeleteUserCommand"/>.</summary>
public sealed record DeleteUserInput(Caller Caller, string IdOrMe, string? CurrentPassword)
{
    /// <summary>Whether the caller closes their own account, which needs their password.</summary>
    public bool TargetsCaller =>
        string.Equals(IdOrMe, UserLookup.Me, StringComparison.OrdinalIgnoreCase)
        || (Caller.UserId is { } own && string.Equals(IdOrMe, own.Value, StringComparison.OrdinalIgnoreCase));

    public override string ToString() => $"DeleteUserInput({IdOrMe})";
}
