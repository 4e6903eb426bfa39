using Ludmin.Application.Common;
using Ludmin.Domain.Users;
using Mediator;

namespace Ludmin.Application.PasswordResets.RequestReset;

/// <summary>
/// Issues a reset code for a user's current email and hands it to the delivery. Answers the
/// same whether or not the address belongs to anybody.
/// </summary>
public sealed record RequestResetCommand(Caller Caller, EmailAddress Email) : ICommand;
