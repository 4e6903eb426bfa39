using Ludmin.Application.Common;
using Ludmin.Application.Common.Models;
using Ludmin.Application.Common.Options;
using Ludmin.Application.Common.Ports;
using Ludmin.Domain.Common;
using Ludmin.Domain.Users;
using Mediator;

namespace Ludmin.Application.Tokens.RefreshToken;

internal sealed class RefreshTokenHandler(
    IUserRepository users,
    ITokenIssuer tokens,
    ISecurityEvents events,
    RefreshRotationOptions rotation,
    TimeProvider clock)
    : ICommandHandler<RefreshTokenCommand, TokenResult>
{
    public async ValueTask<TokenResult> Handle(RefreshTokenCommand command, CancellationToken cancellationToken)
    {
        var caller = command.Caller;
        if (!DeviceId.TryParse(command.DeviceId, out var deviceId) || deviceId != caller.DeviceId)
        {
            throw new DomainException(Errors.DeviceMismatch);
        }

        if (caller.UserId is { } userId && caller.SessionId is { } sessionId)
        {
            // A lost race (another refresh of the same generation, or an end recorded meanwhile)
            // reads again: the winner's generation is then the one just replaced, within the grace.
            var refreshed = await ConflictRetry.RunAsync(_ => RefreshSessionAsync(caller, userId, sessionId, deviceId, cancellationToken));

            if (refreshed is not null)
            {
                var userToken = tokens.IssueForUser(refreshed, deviceId, caller.Assurance); // the session keeps what its login proved
                return TokenResult.Refresh(userToken, deviceId, refreshed.Id);
            }
        }

        // A public token, or a user token whose session ended (logout, password change or reset,
        // a newer login on the device, or a reused refresh just now): the device goes on as public.
        var token = tokens.IssuePublic(deviceId);
        return TokenResult.Public(token, deviceId);
    }

    /// <summary>
    /// The user, with the session moved to its next generation (or, within the grace, left at
    /// the current one) and <c>last_used</c> moved on, while the caller's session lives; null
    /// once it has ended, including by this refresh when it reused an old generation. The writes
    /// are guarded by the session and generation alone, never by the user's version, so a profile
    /// edit of the same user never makes a refresh fail.
    /// </summary>
    private async Task<User?> RefreshSessionAsync(Caller caller, UserId userId, SessionId sessionId, DeviceId deviceId, CancellationToken cancellationToken)
    {
        var user = await users.FindByIdAsync(userId, cancellationToken);
        if (user is null)
        {
            return null;
        }

        var outcome = user.RefreshSession(deviceId, sessionId, caller.Generation, clock.GetUtcNow(), rotation.ReuseGrace);
        if (outcome == SessionRefresh.Ended)
        {
            return null;
        }

        await users.UpdateAsync(user, cancellationToken);
        if (outcome == SessionRefresh.Reused)
        {
            events.RefreshReused(userId, deviceId, caller.ClientAddress);
            return null;
        }

        return user;
    }
}
