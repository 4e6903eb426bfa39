using Ludmin.Application.Common;
using Ludmin.Application.Common.Models;
using Ludmin.Application.Common.Options;
using Ludmin.Application.Common.Ports;
using Ludmin.Domain.Common;
using Ludmin.Domain.LoginThrottles;
using Ludmin.Domain.SecondFactors;
using Ludmin.Domain.Users;
using Mediator;

namespace Ludmin.Application.Tokens.Login;

internal sealed class LoginHandler(
    IUserRepository users,
    IPasswordHasher hasher,
    ITokenIssuer tokens,
    ILoginThrottleRepository throttles,
    LoginThrottleOptions throttling,
    ISecondFactorRepository factors,
    ISecondFactorChallengeRepository challenges,
    ISecurityEvents events,
    TimeProvider clock) : ICommandHandler<LoginCommand, TokenResult>
{
    public async ValueTask<TokenResult> Handle(LoginCommand command, CancellationToken cancellationToken)
    {
        var email = EmailAddress.Create(command.Email);
        var password = command.Password;
        var description = DeviceDescription.Create(command.Description);
        var device = command.Caller.DeviceId;
        var blocked = throttling.Enabled && (await throttles.FindAsync(email.Normalized, cancellationToken))?.IsBlocked(clock.GetUtcNow()) == true;

        // The failed-login slow-down is kept in the store, so every instance sees the same count.
        // Only the current address logs in. An unknown address costs a hash like a wrong
        // password does, and every failure answers the same, so neither the answer nor its time
        // tells whether the account exists or is being slowed down.
        var user = await users.FindByEmailAsync(email, cancellationToken);
        if (user is null || !user.CurrentEmail.SameAddressAs(email))
        {
            await hasher.SimulateVerifyAsync(password, cancellationToken);
            throw await FailAsync(email, null, command.Caller, blocked ? LoginFailure.Throttled : LoginFailure.UnknownEmail, cancellationToken);
        }

        var verifiedHash = user.PasswordHash;
        var verification = await hasher.VerifyAsync(password, verifiedHash, cancellationToken);
        if (blocked || verification == PasswordVerification.Failed)
        {
            throw await FailAsync(email, user.Id, command.Caller, blocked ? LoginFailure.Throttled : LoginFailure.WrongPassword, cancellationToken);
        }

        var secondFactors = await factors.FindAsync(user.Id, cancellationToken);
        if (secondFactors.HasActiveFactor)
        {
            return await OpenSecondStepAsync(user, password, verification, description, device, secondFactors, cancellationToken);
        }

        (var loggedIn, verifiedHash, verification) = await LinkDeviceAsync(user, email, password, verifiedHash, verification, device, description, cancellationToken);

        if (verification == PasswordVerification.SucceededRehashNeeded)
        {
            // Older parameters, or an imported hash: the same password stored as Argon2id, now.
            await PasswordUpgrade.RunAsync(users, hasher, loggedIn.Id, verifiedHash, password, cancellationToken);
        }

        if (throttling.Enabled)
        {
            await throttles.DeleteAsync(email.Normalized, cancellationToken);
        }

        events.LoginSucceeded(loggedIn.Id, device, command.Caller.ClientAddress);
        var token = tokens.IssueForUser(loggedIn, device, Assurance.PasswordOnly);
        return TokenResult.Login(token, device, loggedIn.Id);
    }

    /// <summary>
    /// The right password on an account with a second factor links nothing yet: it opens the
    /// second step and answers its token. The slow-down is not forgotten here, only when a factor
    /// passes, so a right password does not buy a guesser of codes a fresh count.
    /// </summary>
    private async Task<TokenResult> OpenSecondStepAsync(
        User user, string password, PasswordVerification verification, DeviceDescription description, DeviceId device, SecondFactorSet secondFactors, CancellationToken cancellationToken)
    {
        if (verification == PasswordVerification.SucceededRehashNeeded)
        {
            // Older parameters, or an imported hash: upgraded now, before the second step passes.
            await PasswordUpgrade.RunAsync(users, hasher, user.Id, user.PasswordHash, password, cancellationToken);
        }

        var challenge = SecondFactorChallenge.Open(user.Id, device, description, clock.GetUtcNow());
        await challenges.AddAsync(challenge, cancellationToken);
        var token = tokens.IssueSecondFactor(challenge);
        return TokenResult.SecondFactor(token, device, secondFactors.LoginFactors.Select(k => k.Name));
    }

    /// <summary>
    /// Links the device, guarded by the credentials just checked, not by the user's version: a
    /// profile edit of the same user never makes a login fail. A lost race here is a real one
    /// (another login on this device, or the password or address changed), so the credentials are
    /// checked again against what the store now holds; returns the hash that was verified last.
    /// </summary>
    private async Task<(User User, PasswordHash VerifiedHash, PasswordVerification Verification)> LinkDeviceAsync(
        User user, EmailAddress email, string password, PasswordHash verifiedHash, PasswordVerification verification,
        DeviceId device, DeviceDescription? description, CancellationToken cancellationToken)
    {
        var loggedIn = await ConflictRetry.RunAsync(async attempt =>
        {
            // An account closed meanwhile answers as an unknown address would.
            var current = attempt == 1 ? user : await users.FindByIdAsync(user.Id, cancellationToken)
                ?? throw new DomainException(Errors.InvalidCredentials);
            if (!current.CurrentEmail.SameAddressAs(email))
            {
                // The address changed while we were checking it: it no longer logs in.
                throw new DomainException(Errors.InvalidCredentials);
            }

            if (current.PasswordHash != verifiedHash)
            {
                // Changed or upgraded meanwhile: the password must still be the password.
                verification = await hasher.VerifyAsync(password, current.PasswordHash, cancellationToken);
                if (verification == PasswordVerification.Failed)
                {
                    throw new DomainException(Errors.InvalidCredentials);
                }

                verifiedHash = current.PasswordHash;
            }

            // None sent, or blank: a device logging in again keeps the description it had.
            current.LinkDevice(device, description == DeviceDescription.Empty ? null : description, clock.GetUtcNow());
            await users.UpdateAsync(current, cancellationToken);
            return current;
        });
        return (loggedIn, verifiedHash, verification);
    }

    /// <summary>
    /// Counts and reports the failure; returns the one answer every failed login gets. A blocked
    /// attempt is counted too: the domain's rule adds nothing while blocked, but the write is the
    /// same, so a blocked attempt costs what a wrong password costs. The store counts it in one
    /// atomic operation, so racing failures are all counted and none is lost to a conflict.
    /// </summary>
    private async Task<DomainException> FailAsync(EmailAddress email, UserId? userId, Caller caller, LoginFailure reason, CancellationToken cancellationToken)
    {
        if (throttling.Enabled)
        {
            await throttles.RecordFailureAsync(email.Normalized, clock.GetUtcNow(), throttling.ToPolicy(), cancellationToken);
        }

        events.LoginFailed(userId, caller.DeviceId, reason, caller.ClientAddress);
        return new DomainException(Errors.InvalidCredentials);
    }
}
