using Ludmin.Application.Common;
using Mediator;

namespace Ludmin.Application.SecondFactors.BeginTotpEnrolment;

/// <summary>Starts a TOTP enrolment for the caller, proved by their current password; the fields as sent, checked by <see cref="BeginTotpEnrolmentValidator"/>.</summary>
public sealed record BeginTotpEnrolmentCommand(Caller Caller, string? CurrentPassword) : ICommand<TotpEnrolment>
{
    public override string ToString() => $"BeginTotpEnrolmentCommand(device {Caller.DeviceId})";
}
