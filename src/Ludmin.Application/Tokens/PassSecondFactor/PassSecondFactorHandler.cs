using Ludmin.Application.Common;
using Ludmin.Application.Common.Models;
using Ludmin.Application.Common.Options;
using Ludmin.Application.Common.Ports;
using Ludmin.Domain.Common;
using Ludmin.Domain.LoginThrottles;
using Ludmin.Domain.SecondFactors;
using Ludmin.Domain.Users;
using Mediator;

namespace Ludmin.Application.Tokens.PassSecondFactor;

/// <summary>
/// Checks the second factor of a login whose password was right, and only then links the device.
/// A wrong proof counts against the step (the fifth spends it) and toward the account's login
/// slow-down, as a wrong password does; the slow-down is not forgotten until a factor passes.
/// A TOTP step, like a recovery code, is spent with a compare-and-set in the store, so of two
/// requests with the same code, on any instances, one passes.
/// </summary>
internal sealed class PassSecondFactorHandler(
    IUserRepository users,
    ISecondFactorRepository factors,
    ISecondFactorChallengeRepository challenges,
    ITotpCodes totp,
    ISecretSealer sealer,
    IRecoveryCodeProtector recoveryCodes,
    ITokenIssuer tokens,
    ILoginThrottleRepository throttles,
    LoginThrottleOptions throttling,
    ISecurityEvents events,
    TimeProvider clock) : ICommandHandler<PassSecondFactorCommand, TokenResult>
{
    public async ValueTask<TokenResult> Handle(PassSecondFactorCommand command, CancellationToken cancellationToken)
    {
        var caller = command.Caller;
        var challenge = await challenges.FindAsync(command.ChallengeId, cancellationToken);
        if (challenge is null || !challenge.IsOpen(clock.GetUtcNow()) || challenge.UserId != command.UserId || challenge.DeviceId != caller.DeviceId)
        {
            throw new DomainException(Errors.TokenInvalid, "This second step is over; log in again.");
        }

        var user = await users.FindByIdAsync(challenge.UserId, cancellationToken) ?? throw new DomainException(Errors.TokenInvalid);
        var throttleKey = user.CurrentEmail.Normalized;
        var kind = command.Code is not null ? SecondFactorKind.Totp : SecondFactorKind.RecoveryCode;
        var blocked = throttling.Enabled && (await throttles.FindAsync(throttleKey, cancellationToken))?.IsBlocked(clock.GetUtcNow()) == true;
        var failure = blocked
            ? SecondFactorFailure.Throttled
            : await TryPassAsync(kind, command, user.Id, cancellationToken);
        if (failure is { } reason)
        {
            if (throttling.Enabled)
            {
                await throttles.RecordFailureAsync(throttleKey, clock.GetUtcNow(), throttling.ToPolicy(), cancellationToken);
            }

            var spent = await challenges.RecordFailureAsync(challenge.Id, cancellationToken);
            events.SecondFactorFailed(user.Id, caller.DeviceId, reason, spent, caller.ClientAddress);
            throw new DomainException(Errors.SecondFactorInvalid);
        }

        if (!await challenges.TryConsumeAsync(challenge.Id, cancellationToken))
        {
            throw new DomainException(Errors.TokenInvalid, "This second step is over; log in again.");
        }

        var linked = await LinkDeviceAsync(challenge, cancellationToken);
        if (throttling.Enabled)
        {
            await throttles.DeleteAsync(throttleKey, cancellationToken);
        }

        events.SecondFactorPassed(linked.Id, caller.DeviceId, kind.Name, caller.ClientAddress);
        events.LoginSucceeded(linked.Id, caller.DeviceId, caller.ClientAddress);
        var token = tokens.IssueForUser(linked, caller.DeviceId, Assurance.PasswordAnd(kind));
        return TokenResult.Login(token, caller.DeviceId, linked.Id);
    }

    /// <summary>One case per kind of factor: a further kind is a further case. Null when it passed.</summary>
    private Task<SecondFactorFailure?> TryPassAsync(SecondFactorKind kind, PassSecondFactorCommand command, UserId userId, CancellationToken cancellationToken) =>
        kind == SecondFactorKind.Totp
            ? TryTotpAsync(command.Code!, userId, command.Caller, cancellationToken)
            : TryRecoveryCodeAsync(command.RecoveryCode!, userId, command.Caller, cancellationToken);

    /// <summary>
    /// The step the code matched must be later than the last accepted one, and becomes it in one
    /// compare-and-set: a request that lost the race reads again and finds its step spent.
    /// </summary>
    private Task<SecondFactorFailure?> TryTotpAsync(string code, UserId userId, Caller caller, CancellationToken cancellationToken) =>
        ConflictRetry.RunAsync<SecondFactorFailure?>(async _ =>
        {
            var current = await ActiveFactorsAsync(userId, cancellationToken);
            var now = clock.GetUtcNow();
            var step = totp.MatchStep(sealer.Unseal(current.Totp!.Secret, userId), code, now);
            if (step is null)
            {
                return SecondFactorFailure.WrongCode;
            }

            if (step <= current.Totp.LastAcceptedStep)
            {
                return SecondFactorFailure.ReusedCode;
            }

            await factors.SaveAsync(userId, current.PassTotp(step.Value), now, cancellationToken);
            return null;
        });

    private Task<SecondFactorFailure?> TryRecoveryCodeAsync(string code, UserId userId, Caller caller, CancellationToken cancellationToken) =>
        ConflictRetry.RunAsync<SecondFactorFailure?>(async _ =>
        {
            var current = await ActiveFactorsAsync(userId, cancellationToken);
            var hash = recoveryCodes.Hash(code);
            if (!current.RecoveryCodes.Contains(hash))
            {
                return SecondFactorFailure.WrongRecoveryCode;
            }

            var used = current.UseRecoveryCode(hash);
            await factors.SaveAsync(userId, used, clock.GetUtcNow(), cancellationToken);
            events.RecoveryCodeUsed(userId, caller.DeviceId, used.RecoveryCodes.Left, caller.ClientAddress);
            return null;
        });

    /// <summary>The user's factors; a factor removed since the password step (by a master, say) ends the step: log in again.</summary>
    private async Task<SecondFactorSet> ActiveFactorsAsync(UserId userId, CancellationToken cancellationToken)
    {
        var current = await factors.FindAsync(userId, cancellationToken);
        return current.HasActiveFactor ? current : throw new DomainException(Errors.TokenInvalid, "The account's second factor changed; log in again.");
    }

    /// <summary>Links the device under the credentials stored now; an account closed meanwhile ends the step.</summary>
    private Task<User> LinkDeviceAsync(SecondFactorChallenge challenge, CancellationToken cancellationToken) =>
        ConflictRetry.RunAsync(async _ =>
        {
            var current = await users.FindByIdAsync(challenge.UserId, cancellationToken) ?? throw new DomainException(Errors.TokenInvalid);
            current.LinkDevice(challenge.DeviceId, challenge.Description == DeviceDescription.Empty ? null : challenge.Description, clock.GetUtcNow());
            await users.UpdateAsync(current, cancellationToken);
            return current;
        });
}
