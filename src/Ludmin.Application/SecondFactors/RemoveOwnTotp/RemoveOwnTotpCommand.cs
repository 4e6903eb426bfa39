using Ludmin.Application.Common;
using Mediator;

namespace Ludmin.Application.SecondFactors.RemoveOwnTotp;

/// <summary>Removes the caller's own TOTP factor, proved by the current password; checked by <see cref="RemoveOwnTotpValidator"/>.</summary>
public sealed record RemoveOwnTotpCommand(Caller Caller, string? CurrentPassword) : ICommand
{
    public override string ToString() => $"RemoveOwnTotpCommand(device {Caller.DeviceId})";
}
