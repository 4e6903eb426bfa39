using Ludmin.Application.Common.Models;
using Ludmin.Domain.SecondFactors;
using Ludmin.Domain.Users;

namespace Ludmin.Application.Common.Mapping;

internal static class CallerProfile
{
    /// <summary>
    /// The full profile as <paramref name="caller"/> sees it: the device the caller's token is for
    /// is <c>current</c>, when the profile is the caller's own (the same device id may be linked to
    /// another user too, whose profile it is not current in).
    /// </summary>
    public static UserProfile ToProfileFor(this User user, Caller caller, SecondFactorSet? factors = null)
    {
        var profile = user.ToProfile();
        if (factors is not null)
        {
            profile = profile with { SecondFactors = [.. factors.ActiveFactors.Select(k => k.Name)], RecoveryCodesLeft = factors.RecoveryCodes.Left };
        }

        if (caller.UserId != user.Id)
        {
            return profile;
        }

        var callerDevice = caller.DeviceId.Value;
        return profile with { Devices = [.. profile.Devices.Select(d => d with { Current = d.DeviceId == callerDevice })] };
    }
}
