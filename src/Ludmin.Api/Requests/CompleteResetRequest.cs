namespace Ludmin.Api.Requests;

/// <summary>Sets a new password with a reset code.</summary>
/// <param name="Email">The user's current email address.</param>
/// <param name="Code">The code that was delivered.</param>
/// <param name="Password">The new password.</param>
/// <param name="PasswordConfirmation">The new password again.</param>
public sealed record CompleteResetRequest(string Email, string Code, string Password, string PasswordConfirmation)
{
    public override string ToString() => "CompleteResetRequest";
}
