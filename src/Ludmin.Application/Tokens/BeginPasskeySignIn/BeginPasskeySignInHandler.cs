using Ludmin.Application.Common;
using Ludmin.Application.Common.Models;
using Ludmin.Application.Common.Options;
using Ludmin.Application.Common.Ports;
using Ludmin.Domain.Passkeys;
using Mediator;

namespace Ludmin.Application.Tokens.BeginPasskeySignIn;

internal sealed class BeginPasskeySignInHandler(
    IPasskeyChallengeRepository challenges,
    IWebAuthn webAuthn,
    PasskeyOptions options,
    TimeProvider clock) : ICommandHandler<BeginPasskeySignInCommand, PasskeyCeremony>
{
    public async ValueTask<PasskeyCeremony> Handle(BeginPasskeySignInCommand command, CancellationToken cancellationToken)
    {
        PasskeySwitch.EnsureEnabled(options);

        // No allowCredentials: the authenticator offers the passkeys it holds for this relying
        // party, and the answer tells whose it is. The options say nothing of any account.
        var made = webAuthn.RequestOptions([]);
        await challenges.AddAsync(PasskeyChallenge.Issue(made.Challenge, CeremonyPurpose.SignIn, command.Caller.DeviceId, null, made.Json, clock.GetUtcNow()), cancellationToken);
        return new PasskeyCeremony(made.Json);
    }
}
