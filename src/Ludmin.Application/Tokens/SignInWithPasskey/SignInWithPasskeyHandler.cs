using Ludmin.Application.Common;
using Ludmin.Application.Common.Models;
using Ludmin.Application.Common.Options;
using Ludmin.Application.Common.Ports;
using Ludmin.Domain.Common;
using Ludmin.Domain.Passkeys;
using Ludmin.Domain.SecondFactors;
using Ludmin.Domain.Users;
using Mediator;

namespace Ludmin.Application.Tokens.SignInWithPasskey;

internal sealed class SignInWithPasskeyHandler(
    PasskeyAssertions assertions,
    IUserRepository users,
    ITokenIssuer tokens,
    ISecurityEvents events,
    PasskeyOptions options,
    TimeProvider clock) : ICommandHandler<SignInWithPasskeyCommand, TokenResult>
{
    public async ValueTask<TokenResult> Handle(SignInWithPasskeyCommand command, CancellationToken cancellationToken)
    {
        PasskeySwitch.EnsureEnabled(options);
        var caller = command.Caller;
        var description = DeviceDescription.Create(command.Description);
        var passkey = await assertions.VerifyAsync(caller, command.Credential, CeremonyPurpose.SignIn, owner: null, cancellationToken);

        // Linked as a password login links it; an account closed meanwhile has no passkey any more.
        var user = await ConflictRetry.RunAsync(async _ =>
        {
            var current = await users.FindByIdAsync(passkey.UserId, cancellationToken) ?? throw new DomainException(Errors.PasskeyInvalid);
            current.LinkDevice(caller.DeviceId, description == DeviceDescription.Empty ? null : description, clock.GetUtcNow());
            await users.UpdateAsync(current, cancellationToken);
            return current;
        });
        events.PasskeyUsed(user.Id, caller.DeviceId, passkey.Id, CeremonyPurpose.SignIn, caller.ClientAddress);
        return TokenResult.Login(tokens.IssueForUser(user, caller.DeviceId, Assurance.PasskeyAlone), caller.DeviceId, user.Id);
    }
}
