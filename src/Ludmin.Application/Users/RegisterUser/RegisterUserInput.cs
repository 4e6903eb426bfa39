using Ludmin.Application.Common;

namespace Ludmin.Application.Users.RegisterUser;

/// <summary>A registration as sent; <see cref="RegisterUserValidator"/> checks it and makes the <see cref="RegisterUserCommand"/>.</summary>
public sealed record RegisterUserInput(Caller Caller, string? FullName, string? Email, string? Password, string? PasswordConfirmation)
{
    public override string ToString() => "RegisterUserInput";
}
