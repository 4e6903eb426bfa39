using Ludmin.Domain.Users;

namespace Ludmin.Application.Users.UpdateProfile;

/// <summary>
/// A new email, a new password or both, with the caller's own current password that must
/// authorize them: a credential change cannot be expressed without it.
/// </summary>
/// <param name="NewPassword">Meets the password policy (made by <see cref="UpdateProfileValidator"/>).</param>
public sealed record CredentialChange(string CurrentPassword, EmailAddress? Email, string? NewPassword)
{
    public override string ToString() => "CredentialChange";
}
