using Ludmin.Application.Common;
using Ludmin.Application.Common.Models;
using Mediator;

namespace Ludmin.Application.Tokens.Login;

/// <summary>Checks a user's credentials and links the caller's device to the user; the fields as sent, checked by <see cref="LoginValidator"/>.</summary>
/// <param name="Description">What to call the device; none sent, or blank, keeps the one a device logging in again had.</param>
public sealed record LoginCommand(Caller Caller, string Email, string Password, string? Description) : ICommand<TokenResult>
{
    public override string ToString() => $"LoginCommand(device {Caller.DeviceId})";
}
