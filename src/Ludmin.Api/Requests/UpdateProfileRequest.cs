namespace Ludmin.Api.Requests;

/// <summary>Any of a new name, email and password, applied together or not at all.</summary>
/// <param name="FullName">A new name.</param>
/// <param name="Email">A new current address: appended if new to the user, made current again if the user had it before.</param>
/// <param name="Password">A new password; every other device of the user is logged out.</param>
/// <param name="PasswordConfirmation">The new password again.</param>
/// <param name="CurrentPassword">The caller's own password; required to change the email or the password.</param>
public sealed record UpdateProfileRequest(string? FullName, string? Email, string? Password, string? PasswordConfirmation, string? CurrentPassword)
{
    public override string ToString() => "UpdateProfileRequest";
}
