using Ludmin.Application.Common;
using Ludmin.Application.Common.Models;
using Mediator;

namespace Ludmin.Application.Tokens.Login;

/// <summary>Checks a user's credentials and links the caller's device to the user.</summary>
public sealed record LoginCommand(Caller Caller, string? Email, string? Password, string? Description) : ICommand<TokenResult>
{
    public override string ToString() => $"LoginCommand(device {Caller.DeviceId})";
}
