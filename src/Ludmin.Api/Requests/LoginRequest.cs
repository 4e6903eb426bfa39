namespace Ludmin.Api.Requests;

/// <summary>Logs a user in on the device of the token sent with it.</summary>
/// <param name="Email">The user's current email address.</param>
/// <param name="Password">The user's password.</param>
/// <param name="Description">What the user calls this device, such as "Macbook Pro" (up to 100 characters). Left out (or blank), a device that logged in before keeps the description it had.</param>
public sealed record LoginRequest(string Email, string Password, string? Description)
{
    public override string ToString() => "LoginRequest";
}
