using Ludmin.Application.Common;
using Ludmin.Application.Common.Models;
using Ludmin.Application.Common.Ports;
using Ludmin.Domain.Common;
using Ludmin.Domain.Users;
using Mediator;

namespace Ludmin.Application.Tokens.Login;

internal sealed class LoginHandler(IUserRepository users, IPasswordHasher hasher, ITokenIssuer tokens, TimeProvider clock)
    : ICommandHandler<LoginCommand, TokenResult>
{
    public async ValueTask<TokenResult> Handle(LoginCommand command, CancellationToken cancellationToken)
    {
        var email = EmailAddress.Create(command.Email!);
        var password = command.Password!;
        var description = DeviceDescription.Create(command.Description);

        // Only the current address logs in. An unknown address costs a hash like a wrong
        // password does, and both answer the same, so neither tells whether the account exists.
        var user = await users.FindByEmailAsync(email, cancellationToken);
        if (user is null || !user.CurrentEmail.SameAddressAs(email))
        {
            await hasher.SimulateVerifyAsync(password, cancellationToken);
            throw new DomainException(Errors.InvalidCredentials);
        }

        var verifiedHash = user.PasswordHash;
        var verification = await hasher.VerifyAsync(password, verifiedHash, cancellationToken);
        if (verification == PasswordVerification.Failed)
        {
            throw new DomainException(Errors.InvalidCredentials);
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

            current.LinkDevice(command.Caller.DeviceId, description, clock.GetUtcNow());
            if (upgraded is not null)
            {
                current.UpgradePasswordHash(upgraded);
            }

            await users.UpdateAsync(current, cancellationToken);
            return current;
        });

        var token = tokens.IssueForUser(loggedIn, command.Caller.DeviceId);
        return new TokenResult(token.Token, command.Caller.DeviceId.Value, loggedIn.Id.Value, TokenKind.Login, token.ExpiresAt);
    }
}
