using Ludmin.Application.Common;
using Mediator;

namespace Ludmin.Application.PasswordResets.RequestReset;

/// <summary>
/// Asks for a reset code for an email; the code is issued and delivered after the answer
/// (<see cref="Common.Ports.IResetRequestQueue"/>). Answers the same whether or not the address
/// belongs to anybody. The address as sent, checked by <see cref="RequestResetValidator"/>.
/// </summary>
/// <param name="WithinAllowance">
/// False once the address has spent its allowance of requests (the Api's per-address limit): the
/// request is still validated like any other (a malformed address is a 400), then answered as
/// usual with nothing sent.
/// </param>
public sealed record RequestResetCommand(Caller Caller, string Email, bool WithinAllowance = true) : ICommand;
