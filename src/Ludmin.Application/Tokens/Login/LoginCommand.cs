using Ludmin.Application.Common;
using Ludmin.Application.Common.Models;
using Ludmin.Domain.Users;
using Mediator;

namespace Ludmin.Application.Tokens.Login;

/// <summary>Checks a user's credentials and links the caller's device to the user.</summary>
/// <param name="Description">What to call the device; null (none sent, or blank) keeps the one a device logging in again had.</param>
public sealed record LoginCommand(Caller Caller, EmailAddress Email, string Password, DeviceDescription? Description) : ICommand<TokenResult>
{
    public override string ToString() => $"LoginCommand(device {Caller.DeviceId})";
}
