namespace Ludmin.Api.Requests;

/// <summary>What closing an account needs: the caller's password, when the account is the caller's own.</summary>
/// <param name="CurrentPassword">The caller's own password; required to delete your own account, not needed (but checked if sent) when a master deletes another user.</param>
public sealed record DeleteUserRequest(string? CurrentPassword)
{
    public override string ToString() => "DeleteUserRequest";
}
