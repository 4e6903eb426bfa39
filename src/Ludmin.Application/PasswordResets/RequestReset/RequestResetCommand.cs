using Ludmin.Application.Common;
using Mediator;

namespace Ludmin.Application.PasswordResets.RequestReset;

/// <summary>
/// Issues a reset code for a user's current email and hands it to the delivery. Answers the
/// same whether or not the address belongs to anybody. The address as sent, checked by
/// <see cref="RequestResetValidator"/>.
/// </summary>
public sealed record RequestResetCommand(Caller Caller, string Email) : ICommand;
