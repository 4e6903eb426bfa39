using Ludmin.Application.Common;
using Mediator;

namespace Ludmin.Application.SecondFactors.RemoveTotp;

/// <summary>Removes a user's TOTP factor: the caller's own (<c>me</c>, with the current password), or any user's for a master; checked by <see cref="RemoveTotpValidator"/>.</summary>
public sealed record RemoveTotpCommand(Caller Caller, string IdOrMe, string? CurrentPassword) : ICommand
{
    /// <summary>Whether the path names the caller, as far as the validator can tell (<c>me</c> or the caller's own id).</summary>
    public bool TargetsCaller =>
        string.Equals(IdOrMe, TargetUser.Me, StringComparison.OrdinalIgnoreCase)
        || (Caller.UserId is { } id && string.Equals(IdOrMe, id.Value, StringComparison.OrdinalIgnoreCase));

    public override string ToString() => $"RemoveTotpCommand({IdOrMe})";
}
