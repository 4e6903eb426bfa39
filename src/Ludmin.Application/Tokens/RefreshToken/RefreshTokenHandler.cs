using Ludmin.Application.Common;
using Ludmin.Application.Common.Models;
using Ludmin.Application.Common.Ports;
using Ludmin.Domain.Common;
using Ludmin.Domain.Users;
using Mediator;

namespace Ludmin.Application.Tokens.RefreshToken;

internal sealed class RefreshTokenHandler(IUserRepository users, ITokenIssuer tokens, TimeProvider clock)
    : ICommandHandler<RefreshTokenCommand, TokenResult>
{
    public async ValueTask<TokenResult> Handle(RefreshTokenCommand command, CancellationToken cancellationToken)
    {
        var caller = command.Caller;
        if (!DeviceId.TryParse(command.DeviceId, out var deviceId) || deviceId != caller.DeviceId)
        {
            throw new DomainException(Errors.DeviceMismatch);
        }

        if (caller.UserId is { } userId)
        {
            var refreshed = await TouchSessionAsync(caller, userId, deviceId, cancellationToken);

            if (refreshed is not null)
            {
                var userToken = tokens.IssueForUser(refreshed, deviceId);
                return TokenResult.Refresh(userToken, deviceId, refreshed.Id);
            }
        }

        // A public token, or a user token whose session ended (logout, password change or reset,
        // or a newer login on the device): the device goes on as public.
        var token = tokens.IssuePublic(deviceId);
        return TokenResult.Public(token, deviceId);
    }

    /// <summary>
    /// The user, with the device's <c>last_used</c> moved on, while the caller's session lives;
    /// null once it has ended. The touch is guarded by the session alone, never by the user's
    /// version, so no other request for the same user can make it fail.
    /// </summary>
    private async Task<User?> TouchSessionAsync(Caller caller, UserId userId, DeviceId deviceId, CancellationToken cancellationToken)
    {
        var user = await users.FindByIdAsync(userId, cancellationToken);
        if (user is null || !caller.HoldsSessionOf(user))
        {
            return null;
        }

        user.TouchDevice(deviceId, clock.GetUtcNow());
        await users.UpdateAsync(user, cancellationToken);
        return user;
    }
}
