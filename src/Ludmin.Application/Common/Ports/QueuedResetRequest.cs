using Ludmin.Domain.Users;

namespace Ludmin.Application.Common.Ports;

/// <summary>A reset request accepted and answered, whose work is still to be done.</summary>
public sealed record QueuedResetRequest(Caller Caller, EmailAddress Email)
{
    public override string ToString() => $"QueuedResetRequest(from {Caller.ClientAddress})";
}
