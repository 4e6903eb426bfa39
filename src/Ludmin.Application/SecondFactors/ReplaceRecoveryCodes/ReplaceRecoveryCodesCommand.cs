using Ludmin.Application.Common;
using Mediator;

namespace Ludmin.Application.SecondFactors.ReplaceRecoveryCodes;

/// <summary>A new set of recovery codes for the caller, in place of every unused old one.</summary>
public sealed record ReplaceRecoveryCodesCommand(Caller Caller) : ICommand<RecoveryCodeSet>
{
    public override string ToString() => $"ReplaceRecoveryCodesCommand(device {Caller.DeviceId})";
}
