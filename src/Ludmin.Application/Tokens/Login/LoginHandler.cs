using Ludmin.Application.Common;
using Ludmin.Application.Common.Models;
using Ludmin.Application.Common.Ports;
using Ludmin.Domain.Common;
using Ludmin.Domain.Users;
using Mediator;

namespace Ludmin.Application.Tokens.Login;

internal sealed class LoginHandler(
    IUserRepository users,
    IPasswordHasher hasher,
    ITokenIssuer tokens,
    LoginThrottling throttling,
    ISecurityEvents events,
    TimeProvider clock) : ICommandHandler<LoginCommand, TokenResult>
{
    public async ValueTask<TokenResult> Handle(LoginCommand command, CancellationToken cancellationToken)
    {
        var email = EmailAddress.Create(command.Email!);
        var password = command.Password!;
        // No description (absent, null or blank): a device logging in again keeps the one it had.
        var description = string.IsNullOrWhiteSpace(command.Description) ? null : DeviceDescription.Create(command.Description);
        var device = command.Caller.DeviceId;
        var blocked = await throttling.IsBlockedAsync(email.Normalized, cancellationToken);

        // Only the current address logs in. An unknown address costs a hash like a wrong
        // password does, and every failure answers the same, so neither the answer nor its time
        // tells whether the account exists or is being slowed down.
        var user = await users.FindByEmailAsync(email, cancellationToken);
        if (user is null || !user.CurrentEmail.SameAddressAs(email))
        {
            await hasher.SimulateVerifyAsync(password, cancellationToken);
            throw await FailAsync(email, null, device, blocked ? LoginFailure.Throttled : LoginFailure.UnknownEmail, blocked, cancellationToken);
        }

        var verifiedHash = user.PasswordHash;
        var verification = await hasher.VerifyAsync(password, verifiedHash, cancellationToken);
        if (blocked || verification == PasswordVerification.Failed)
        {
            throw await FailAsync(email, user.Id, device, blocked ? LoginFailure.Throttled : LoginFailure.WrongPassword, blocked, cancellationToken);
        }

        var upgraded = verification == PasswordVerification.SucceededRehashNeeded
            ? await hasher.HashAsync(password, cancellationToken)
            : null;

        var loggedIn = await ConflictRetry.RunAsync(async attempt =>
        {
            var current = attempt == 1 ? user : await users.LoadAsync(user.Id, cancellationToken);
            if (current.PasswordHash != verifiedHash || !current.CurrentEmail.SameAddressAs(email))
            {
                // The password or address changed while we were checking it: the check no longer holds.
                throw new DomainException(Errors.InvalidCredentials);
            }

            current.LinkDevice(device, description, clock.GetUtcNow());
            if (upgraded is not null)
            {
                current.UpgradePasswordHash(upgraded);
            }

            await users.UpdateAsync(current, cancellationToken);
            return current;
        });

        await throttling.ForgetAsync(email.Normalized, cancellationToken);
        events.LoginSucceeded(loggedIn.Id, device);
        var token = tokens.IssueForUser(loggedIn, device);
        return new TokenResult(token.Token, device.Value, loggedIn.Id.Value, TokenKind.Login, token.ExpiresAt);
    }

    /// <summary>Counts and reports the failure; returns the one answer every failed login gets.</summary>
    private async Task<DomainException> FailAsync(EmailAddress email, UserId? userId, DeviceId device, LoginFailure reason, bool blocked, CancellationToken cancellationToken)
    {
        if (!blocked)
        {
            await throttling.RecordFailureAsync(email.Normalized, cancellationToken);
        }

        events.LoginFailed(userId, device, reason);
        return new DomainException(Errors.InvalidCredentials);
    }
}
