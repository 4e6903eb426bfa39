using Ludmin.Application.Common;

namespace Ludmin.Application.Users.UpdateProfile;

/// <summary>A profile change as sent; <see cref="UpdateProfileValidator"/> checks it and makes the <see cref="UpdateProfileCommand"/>.</summary>
public sealed record UpdateProfileInput(
    Caller Caller,
    string IdOrMe,
    string? FullName,
    string? Email,
    string? Password,
    string? PasswordConfirmation,
    string? CurrentPassword)
{
    public bool ChangesCredentials => Email is not null || Password is not null;

    public override string ToString() => $"UpdateProfileInput({IdOrMe})";
}
