using Ludmin.Application.Common.Models;
using Ludmin.Domain.SecondFactors;
using Ludmin.Domain.Users;
using Riok.Mapperly.Abstractions;

namespace Ludmin.Application.Common.Mapping;

/// <summary>
/// User to profile, generated at compile time. Every source member that is not mapped is named
/// here on purpose, so a new member of <see cref="User"/> fails the build until somebody decides
/// whether clients may see it.
/// </summary>
[Mapper(RequiredMappingStrategy = RequiredMappingStrategy.Both)]
internal static partial class UserMapper
{
    [MapperIgnoreSource(nameof(User.PasswordHash))]
    [MapperIgnoreSource(nameof(User.PasswordHistory))]
    [MapperIgnoreSource(nameof(User.Version))]
    [MapperIgnoreSource(nameof(User.ProfileChanged))]
    [MapperIgnoreSource(nameof(User.EmailsChanged))]
    [MapperIgnoreSource(nameof(User.CredentialsChanged))]
    [MapperIgnoreSource(nameof(User.DeviceChanges))]
    [MapperIgnoreTarget(nameof(UserProfile.SecondFactors))]
    [MapperIgnoreTarget(nameof(UserProfile.RecoveryCodesLeft))]
    [MapperIgnoreTarget(nameof(UserProfile.PasskeyCount))] // not the user aggregate's: ProfilePasskeys counts them
    public static partial UserProfile ToProfile(this User user);

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

    [MapperIgnoreSource(nameof(User.PasswordHash))]
    [MapperIgnoreSource(nameof(User.PasswordHistory))]
    [MapperIgnoreSource(nameof(User.Version))]
    [MapperIgnoreSource(nameof(User.ProfileChanged))]
    [MapperIgnoreSource(nameof(User.EmailsChanged))]
    [MapperIgnoreSource(nameof(User.CredentialsChanged))]
    [MapperIgnoreSource(nameof(User.DeviceChanges))]
    [MapperIgnoreSource(nameof(User.Emails))]
    [MapperIgnoreSource(nameof(User.Devices))]
    [MapperIgnoreSource(nameof(User.CurrentEmail))]
    [MapperIgnoreSource(nameof(User.IsMaster))]
    [MapperIgnoreSource(nameof(User.CreatedAt))]
    [MapperIgnoreSource(nameof(User.UpdatedAt))]
    public static partial UserSummary ToSummary(this User user);

    [MapProperty(nameof(UserEmail.Address), nameof(UserEmailEntry.Email))]
    [MapProperty(nameof(UserEmail.IsCurrent), nameof(UserEmailEntry.Current))]
    [MapProperty(nameof(UserEmail.IsVerified), nameof(UserEmailEntry.Verified))]
    private static partial UserEmailEntry ToEntry(UserEmail email);

    // The session id is in the device's own tokens; other devices of the user need not see it.
    // Which device is the caller's is not the user's to know: ToProfileFor marks it.
    [MapperIgnoreSource(nameof(LinkedDevice.SessionId))]
    [MapperIgnoreSource(nameof(LinkedDevice.Generation))] // refresh rotation is the session's own business
    [MapperIgnoreSource(nameof(LinkedDevice.RotatedAt))]
    [MapperIgnoreSource(nameof(LinkedDevice.GraceGeneration))]
    [MapperIgnoreSource(nameof(LinkedDevice.LastUsed))]
    [MapPropertyFromSource(nameof(UserDevice.LastUsed), Use = nameof(ShownLastUsed))]
    [MapValue(nameof(UserDevice.Current), false)]
    private static partial UserDevice ToDevice(LinkedDevice device);

    /// <summary>How finely a profile shows <c>last_used</c>.</summary>
    internal static readonly TimeSpan LastUsedPrecision = TimeSpan.FromHours(1);

    /// <summary>
    /// <c>last_used</c> rounded down to the hour, never shown before <c>first_seen</c>. To the
    /// millisecond it told whoever holds a copy of a token (and so may read the profile) the moment
    /// the owner refreshed, which is when the replaced token's grace is open (issue 23, finding 4).
    /// The store keeps the exact time, for choosing the least recently used device.
    /// </summary>
    private static DateTimeOffset ShownLastUsed(LinkedDevice device)
    {
        var lastUsed = device.LastUsed.UtcDateTime;
        var hour = new DateTimeOffset(lastUsed.Ticks - (lastUsed.Ticks % LastUsedPrecision.Ticks), TimeSpan.Zero);
        return hour > device.FirstSeen ? hour : device.FirstSeen;
    }

    private static string UserIdToString(UserId id) => id.Value;

    private static string DeviceIdToString(DeviceId id) => id.Value;

    private static string FullNameToString(FullName name) => name.Value;

    private static string EmailToString(EmailAddress email) => email.Value;

    private static string DescriptionToString(DeviceDescription description) => description.Value;
}
