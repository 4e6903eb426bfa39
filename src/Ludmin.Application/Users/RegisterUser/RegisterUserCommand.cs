using Ludmin.Application.Common;
using Ludmin.Application.Common.Models;
using Mediator;

namespace Ludmin.Application.Users.RegisterUser;

/// <summary>Registers a user; the fields as sent, checked by <see cref="RegisterUserValidator"/>.</summary>
public sealed record RegisterUserCommand(Caller Caller, string FullName, string Email, string Password, string PasswordConfirmation) : ICommand<UserProfile>
{
    public override string ToString() => "RegisterUserCommand";
}
