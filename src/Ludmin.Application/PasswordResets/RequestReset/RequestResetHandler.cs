using Ludmin.Application.Common.Options;
using Ludmin.Application.Common.Ports;
using Ludmin.Domain.Common;
using Ludmin.Domain.PasswordResets;
using Ludmin.Domain.Users;
using Mediator;

namespace Ludmin.Application.PasswordResets.RequestReset;

internal sealed class RequestResetHandler(
    IUserRepository users,
    IPasswordResetRepository resets,
    IResetCodeProtector codes,
    IResetCodeDelivery delivery,
    ResetCodeOptions options,
    ISecurityEvents events,
    TimeProvider clock) : ICommandHandler<RequestResetCommand>
{
    public async ValueTask<Unit> Handle(RequestResetCommand command, CancellationToken cancellationToken)
    {
        var email = EmailAddress.Create(command.Email);
        var user = await users.FindByEmailAsync(email, cancellationToken);
        if (user is null || !user.CurrentEmail.SameAddressAs(email))
        {
            // Nothing to do, and nothing said about it: the caller learns nothing about the address.
            events.ResetRequested(null, command.Caller.ClientAddress);
            return Unit.Value;
        }

        var code = codes.NewCode();
        var reset = PasswordReset.Issue(user.Id, codes.Hash(code), clock.GetUtcNow(), options.Lifetime);
        try
        {
            await resets.ReplaceAsync(reset, cancellationToken);
        }
        catch (DomainException ex) when (ex.Error == Errors.UserNotFound)
        {
            // The account was closed in the meantime: answered as an address nobody has.
            events.ResetRequested(null, command.Caller.ClientAddress);
            return Unit.Value;
        }

        await delivery.DeliverAsync(new ResetCodeMessage(user.CurrentEmail.Value, code, reset.ExpiresAt), cancellationToken);
        events.ResetRequested(user.Id, command.Caller.ClientAddress);
        return Unit.Value;
    }
}
