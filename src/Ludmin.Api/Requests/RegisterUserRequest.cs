namespace Ludmin.Api.Requests;

/// <summary>Registers a new user.</summary>
/// <param name="FullName">The name other users see (1 to 100 characters).</param>
/// <param name="Email">An address nobody has used before.</param>
/// <param name="Password">The password (8 to 128 characters by default).</param>
/// <param name="PasswordConfirmation">The same password again.</param>
public sealed record RegisterUserRequest(string FullName, string Email, string Password, string PasswordConfirmation)
{
    public override string ToString() => "RegisterUserRequest";
}
