using Ludmin.Application.Common;
using Ludmin.Application.Common.Options;
using Ludmin.Application.Common.Ports;
using Ludmin.Domain.Common;
using Ludmin.Domain.PasswordResets;
using Ludmin.Domain.Users;
using Mediator;

namespace Ludmin.Application.PasswordResets.CompleteReset;

internal sealed class CompleteResetHandler(
    IUserRepository users,
    IPasswordResetRepository resets,
    IResetCodeProtector codes,
    IPasswordHasher hasher,
    ResetCodeOptions options,
    LoginThrottling throttling,
    ISecurityEvents events,
    TimeProvider clock) : ICommandHandler<CompleteResetCommand>
{
    public async ValueTask<Unit> Handle(CompleteResetCommand command, CancellationToken cancellationToken)
    {
        // Unknown address, no code, wrong, expired, used or exhausted code: one answer for all,
        // so a guesser learns nothing but "no".
        var invalid = new DomainException(Errors.ResetCodeInvalid, field: "code");
        var email = EmailAddress.Create(command.Email);
        var user = await users.FindByEmailAsync(email, cancellationToken);
        if (user is null || !user.CurrentEmail.SameAddressAs(email))
        {
            events.ResetRefused(null, command.Caller.ClientAddress);
            throw invalid;
        }

        var reset = await resets.FindAsync(user.Id, cancellationToken);
        if (reset is null || !reset.IsUsable(clock.GetUtcNow(), options.MaxAttempts))
        {
            events.ResetRefused(user.Id, command.Caller.ClientAddress);
            throw invalid;
        }

        if (!codes.Matches(command.Code, reset.CodeHash))
        {
            await RecordFailedAttemptAsync(reset, cancellationToken);
            events.ResetRefused(user.Id, command.Caller.ClientAddress);
            throw invalid;
        }

        // Hash before consuming: if hashing is refused (busy), the code is still there to retry with.
        var newHash = await hasher.HashAsync(command.Password, cancellationToken);
        if (!await resets.TryConsumeAsync(reset, cancellationToken))
        {
            // Another request used, replaced or spent this code first.
            events.ResetRefused(user.Id, command.Caller.ClientAddress);
            throw invalid;
        }

        await ConflictRetry.RunAsync(async attempt =>
        {
            var current = attempt == 1 ? user : await users.LoadAsync(user.Id, cancellationToken);
            current.ResetPassword(newHash, clock.GetUtcNow());
            await users.UpdateAsync(current, cancellationToken);
            return Unit.Value;
        });

        // Whoever proved they own the address is not kept waiting by someone else's failed logins.
        await throttling.ForgetAsync(email.Normalized, cancellationToken);
        events.ResetCompleted(user.Id, command.Caller.ClientAddress);
        return Unit.Value;
    }

    /// <summary>Counts the wrong try even when other tries race with it, so no guess goes uncounted.</summary>
    private async Task RecordFailedAttemptAsync(PasswordReset reset, CancellationToken cancellationToken)
    {
        var current = reset;
        for (var attempt = 0; attempt < ConflictRetry.MaxAttempts * 2; attempt++)
        {
            current.RecordFailedAttempt();
            try
            {
                await resets.UpdateAsync(current, cancellationToken);
                return;
            }
            catch (ConcurrencyException)
            {
                var reread = await resets.FindAsync(reset.UserId, cancellationToken);
                if (reread is null || reread.CodeHash != reset.CodeHash)
                {
                    return; // used or replaced meanwhile: the guessed code is gone anyway
                }

                current = reread;
            }
        }
    }
}
