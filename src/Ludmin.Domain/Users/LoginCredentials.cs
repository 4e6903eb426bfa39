namespace Ludmin.Domain.Users;

/// <summary>
/// The password hash and current address a login was checked against. A device is linked only
/// while both are still the user's, so a password change or reset that wins the race is never
/// undone by a login that proved the old password.
/// </summary>
public sealed record LoginCredentials(PasswordHash PasswordHash, EmailAddress CurrentEmail);
