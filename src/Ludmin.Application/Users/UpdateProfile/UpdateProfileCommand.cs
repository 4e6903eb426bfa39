using Ludmin.Application.Common;
using Ludmin.Application.Common.Models;
using Mediator;

namespace Ludmin.Application.Users.UpdateProfile;

/// <summary>
/// Changes any of name, email and password in one call, all or nothing; the fields as sent (null:
/// not sent), checked by <see cref="UpdateProfileValidator"/>. Email and password changes come
/// with the caller's own current password.
/// </summary>
public sealed record UpdateProfileCommand(
    Caller Caller,
    string IdOrMe,
    string? FullName,
    string? Email,
    string? Password,
    string? PasswordConfirmation,
    string? CurrentPassword) : ICommand<UserProfile>
{
    public bool ChangesCredentials => Email is not null || Password is not null;

    public override string ToString() => $"UpdateProfileCommand({IdOrMe})";
}
