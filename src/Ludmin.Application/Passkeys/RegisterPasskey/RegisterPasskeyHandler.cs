using Ludmin.Application.Common;
using Ludmin.Application.Common.Mapping;
using Ludmin.Application.Common.Models;
using Ludmin.Application.Common.Options;
using Ludmin.Application.Common.Ports;
using Ludmin.Domain.Common;
using Ludmin.Domain.Passkeys;
using Mediator;

namespace Ludmin.Application.Passkeys.RegisterPasskey;

internal sealed class RegisterPasskeyHandler(
    IPasskeyRepository passkeys,
    IPasskeyChallengeRepository challenges,
    IWebAuthn webAuthn,
    ISecurityEvents events,
    PasskeyOptions options,
    TimeProvider clock) : ICommandHandler<RegisterPasskeyCommand, PasskeyView>
{
    public async ValueTask<PasskeyView> Handle(RegisterPasskeyCommand command, CancellationToken cancellationToken)
    {
        PasskeySwitch.EnsureEnabled(options);
        var caller = command.Caller;
        var userId = caller.UserId ?? throw new DomainException(Errors.Forbidden, "A passkey is registered with a user token.");
        var name = PasskeyName.Create(command.Name);
        var answer = webAuthn.ReadAnswer(command.Credential)
            ?? throw new DomainException(Errors.PasskeyRegistrationInvalid, "The credential is not a WebAuthn registration response.", "credential");

        // Taken whatever comes next: a challenge answers once, rightly or not.
        var challenge = await challenges.TakeAsync(answer.Challenge, cancellationToken);
        if (challenge is null || !challenge.Admits(CeremonyPurpose.Register, caller.DeviceId, userId, clock.GetUtcNow()))
        {
            throw new DomainException(Errors.PasskeyChallengeInvalid);
        }

        var verified = await webAuthn.VerifyRegistrationAsync(challenge.OptionsJson, command.Credential, cancellationToken);
        var passkey = Passkey.Register(
            userId, verified.CredentialId, verified.PublicKey, name, verified.SignCount, verified.BackupEligible, verified.BackedUp, clock.GetUtcNow());
        await passkeys.AddAsync(passkey, cancellationToken);
        events.PasskeyAdded(userId, caller.DeviceId, passkey.Id, caller.ClientAddress);
        return passkey.ToView();
    }
}
