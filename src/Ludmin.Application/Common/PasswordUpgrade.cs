using Ludmin.Application.Common.Ports;
using Ludmin.Domain.Common;
using Ludmin.Domain.Users;

namespace Ludmin.Application.Common;

/// <summary>
/// After a password was verified against a hash that asks for it
/// (<see cref="PasswordVerification.SucceededRehashNeeded"/>: older Argon2 parameters, or an
/// imported hash of another system), stores the same password hashed as configured. Not a
/// password change: no history (an imported hash is gone for good), no logout.
/// </summary>
internal static class PasswordUpgrade
{
    /// <summary>
    /// Worth doing, not worth failing the request over: when edits of the user keep winning, the
    /// next login tries again; when the password changed meanwhile, the new one is already hashed
    /// as configured.
    /// </summary>
    public static async Task RunAsync(
        IUserRepository users, IPasswordHasher hasher, UserId userId, PasswordHash verifiedHash, string password, CancellationToken cancellationToken)
    {
        var upgraded = await hasher.HashAsync(password, cancellationToken);
        try
        {
            await ConflictRetry.RunAsync(async _ =>
            {
                var current = await users.FindByIdAsync(userId, cancellationToken);
                if (current is null || current.PasswordHash != verifiedHash)
                {
                    return false;
                }

                current.UpgradePasswordHash(upgraded);
                await users.UpdateAsync(current, cancellationToken);
                return true;
            });
        }
        catch (ConcurrencyException)
        {
            // Left for the next login.
        }
    }
}
