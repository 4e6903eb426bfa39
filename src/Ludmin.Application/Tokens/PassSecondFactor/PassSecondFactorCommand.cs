using Ludmin.Application.Common;
using Ludmin.Application.Common.Models;
using Ludmin.Domain.Users;
using Mediator;

namespace Ludmin.Application.Tokens.PassSecondFactor;

/// <summary>
/// The second step of a login: the user and step its second-factor token names, and one proof,
/// one member per kind of factor (a further kind is a further member); the fields as sent,
/// checked by <see cref="PassSecondFactorValidator"/>.
/// </summary>
public sealed record PassSecondFactorCommand(Caller Caller, UserId UserId, string ChallengeId, string? Code, string? RecoveryCode) : ICommand<TokenResult>
{
    public override string ToString() => $"PassSecondFactorCommand(device {Caller.DeviceId})";
}
