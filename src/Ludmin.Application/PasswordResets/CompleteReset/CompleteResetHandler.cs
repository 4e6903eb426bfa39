using Ludmin.Application.Common;
using Ludmin.Application.Common.Options;
using Ludmin.Application.Common.Ports;
using Ludmin.Domain.Common;
using Ludmin.Domain.LoginThrottles;
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
    ILoginThrottleRepository throttles,
    LoginThrottleOptions throttling,
    ISecurityEvents events,
    TimeProvider clock) : ICommandHandler<CompleteResetCommand>
{
    /// <summary>Nobody's id: an address without an account is looked up like one with an account and no code.</summary>
    private static readonly UserId Nobody = UserId.New();

    public async ValueTask<Unit> Handle(CompleteResetCommand command, CancellationToken cancellationToken)
    {
        // Unknown address, no code, wrong, expired, used or exhausted code, an address past its
        // refusals: one answer for all, after the same reads and the same one write, so a guesser
        // learns nothing but "no", neither from the answer nor from its time.
        var email = EmailAddress.Create(command.Email);
        var now = clock.GetUtcNow();
        var client = command.Caller.ClientAddress;
        var refusals = await resets.CountRefusalsAsync(client, now, cancellationToken);
        var user = await users.FindByEmailAsync(email, cancellationToken);
        var holder = user is not null && user.CurrentEmail.SameAddressAs(email) ? user : null;
        var reset = await resets.FindAsync(holder?.Id ?? Nobody, cancellationToken);
        var matches = codes.Matches(command.Code, reset?.CodeHash ?? string.Empty);
        var blocked = refusals >= options.MaxAttemptsPerAddress;
        var usable = holder is not null && reset is not null && reset.IsUsable(now, options.MaxAttempts);
        if (blocked || !usable || !matches)
        {
            // Only a try that could have been right counts against the code: an address past its
            // refusals spends nobody's code, whatever it sends.
            var guessed = usable && !blocked ? reset : null;
            await resets.RecordRefusalAsync(client, guessed, now, options.Lifetime, cancellationToken);
            events.ResetRefused(holder?.Id, client);
            throw new DomainException(Errors.ResetCodeInvalid, field: "code");
        }

        await CompleteAsync(command, email, holder!, reset!, cancellationToken);
        return Unit.Value;
    }

    private async Task CompleteAsync(CompleteResetCommand command, EmailAddress email, User user, PasswordReset reset, CancellationToken cancellationToken)
    {
        // Hash before consuming: if hashing is refused (busy), the code is still there to retry with.
        var newHash = await hasher.HashAsync(command.Password, cancellationToken);

        // The code is spent and the password saved in one step: a failure between the two (a 503)
        // must not cost the owner the code. A user changed meanwhile reads again, the code kept.
        var completed = await ConflictRetry.RunAsync(async attempt =>
        {
            var current = attempt == 1 ? user : (await users.FindByIdAsync(user.Id, cancellationToken) ?? throw new DomainException(Errors.UserNotFound));
            current.ResetPassword(newHash, clock.GetUtcNow());
            return await resets.TryCompleteAsync(reset, current, cancellationToken);
        });
        if (!completed)
        {
            // Another request used, replaced or spent this code first.
            events.ResetRefused(user.Id, command.Caller.ClientAddress);
            throw new DomainException(Errors.ResetCodeInvalid, field: "code");
        }

        // Whoever proved they own the address is not kept waiting by someone else's failed logins.
        if (throttling.Enabled)
        {
            await throttles.DeleteAsync(email.Normalized, cancellationToken);
        }

        events.ResetCompleted(user.Id, command.Caller.ClientAddress);
    }
}
