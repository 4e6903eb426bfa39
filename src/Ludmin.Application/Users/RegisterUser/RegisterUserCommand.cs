using Ludmin.Application.Common;
using Ludmin.Application.Common.Models;
using Ludmin.Domain.Users;
using Mediator;

namespace Ludmin.Application.Users.RegisterUser;

/// <summary>Registers a user; <paramref name="Password"/> meets the password policy (made by <see cref="RegisterUserValidator"/>).</summary>
public sealed record RegisterUserCommand(Caller Caller, FullName FullName, EmailAddress Email, string Password) : ICommand<UserProfile>
{
    public override string ToString() => "RegisterUserCommand";
}
