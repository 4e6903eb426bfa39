using Ludmin.Application.Common;
using Ludmin.Application.Common.Ports;
using Ludmin.Domain.Users;
using Mediator;

namespace Ludmin.Application.PasswordResets.RequestReset;

/// <summary>
/// Queues the request and answers: no lookup, no store write and no delivery on the request's
/// path, so an address with an account and one without take the same time to answer.
/// </summary>
internal sealed class RequestResetHandler(IResetRequestQueue queue) : ICommandHandler<RequestResetCommand>
{
    private static readonly TimeSpan RetryAfter = TimeSpan.FromSeconds(1);

    public ValueTask<Unit> Handle(RequestResetCommand command, CancellationToken cancellationToken)
    {
        if (!command.WithinAllowance)
        {
            // The address's allowance is spent: nothing new is sent, and the answer is the same.
            return ValueTask.FromResult(Unit.Value);
        }

        if (!queue.TryEnqueue(new QueuedResetRequest(command.Caller, EmailAddress.Create(command.Email))))
        {
            throw new ServerBusyException(RetryAfter, "Too many reset requests are waiting; try again shortly.");
        }

        return ValueTask.FromResult(Unit.Value);
    }
}
