using Ludmin.Application.Common.Options;
using Ludmin.Application.Common.Ports;
using Ludmin.Domain.Common;
using Ludmin.Domain.PasswordResets;
using Ludmin.Domain.Users;
using Mediator;

namespace Ludmin.Application.PasswordResets.IssueResetCode;

internal sealed class IssueResetCodeHandler(
    IUserRepository users,
    IPasswordResetRepository resets,
    IResetCodeProtector codes,
    IResetCodeDelivery delivery,
    ResetCodeOptions options,
    ISecurityEvents events,
    TimeProvider clock) : ICommandHandler<IssueResetCodeCommand>
{
    public async ValueTask<Unit> Handle(IssueResetCodeCommand command, CancellationToken cancellationToken)
    {
        var email = command.Email;
        var user = await users.FindByEmailAsync(email, cancellationToken);
        if (user is null || !user.CurrentEmail.SameAddressAs(email))
        {
            events.ResetRequested(null, command.Caller.ClientAddress);
            return Unit.Value;
        }

        // A code that still lives is sent again rather than replaced: a stranger asking for codes
        // for somebody's address does not void the one its owner is about to type.
        var message = await LiveCodeAsync(user, cancellationToken) ?? await NewCodeAsync(user, cancellationToken);
        if (message is null)
        {
            // The account was closed in the meantime: as for an address nobody has.
            events.ResetRequested(null, command.Caller.ClientAddress);
            return Unit.Value;
        }

        // Reported before the hand-over: whoever watches for the code finds the event logged.
        events.ResetRequested(user.Id, command.Caller.ClientAddress);
        await delivery.DeliverAsync(message, cancellationToken);
        return Unit.Value;
    }

    /// <summary>The stored code again, while it can still be used and opened; null otherwise.</summary>
    private async Task<ResetCodeMessage?> LiveCodeAsync(User user, CancellationToken cancellationToken)
    {
        var live = await resets.FindAsync(user.Id, cancellationToken);
        if (live is null || !live.IsUsable(clock.GetUtcNow(), options.MaxAttempts) || live.SealedCode is null)
        {
            return null;
        }

        return codes.Unseal(live.SealedCode) is { } code && codes.Matches(code, live.CodeHash)
            ? new ResetCodeMessage(user.CurrentEmail.Value, code, live.ExpiresAt)
            : null;
    }

    private async Task<ResetCodeMessage?> NewCodeAsync(User user, CancellationToken cancellationToken)
    {
        var code = codes.NewCode();
        var reset = PasswordReset.Issue(user.Id, codes.Hash(code), clock.GetUtcNow(), options.Lifetime, codes.Seal(code));
        try
        {
            await resets.ReplaceAsync(reset, cancellationToken);
        }
        catch (DomainException ex) when (ex.Error == Errors.UserNotFound)
        {
            return null;
        }

        return new ResetCodeMessage(user.CurrentEmail.Value, code, reset.ExpiresAt);
    }
}
