using Ludmin.Application.Common;
using Mediator;

namespace Ludmin.Application.SecondFactors.ConfirmTotpEnrolment;

/// <summary>Confirms the caller's pending TOTP enrolment with a code from the app; checked by <see cref="ConfirmTotpEnrolmentValidator"/>.</summary>
public sealed record ConfirmTotpEnrolmentCommand(Caller Caller, string? Code) : ICommand<TotpActivation>
{
    public override string ToString() => $"ConfirmTotpEnrolmentCommand(device {Caller.DeviceId})";
}
