using Ludmin.Application.Common;
using Ludmin.Domain.Users;
using Mediator;

namespace Ludmin.Application.PasswordResets.RequestReset;

/// <summary>
/// Asks for a reset code for an email; the code is issued and delivered after the answer
/// (<see cref="Common.Ports.IResetRequestQueue"/>). Answers the same whether or not the address
/// belongs to anybody.
/// </summary>
public sealed record RequestResetCommand(Caller Caller, EmailAddress Email) : ICommand;
