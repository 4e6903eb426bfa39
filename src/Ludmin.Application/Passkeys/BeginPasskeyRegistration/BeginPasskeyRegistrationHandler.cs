using Ludmin.Application.Common;
using Ludmin.Application.Common.Models;
using Ludmin.Application.Common.Options;
using Ludmin.Application.Common.Ports;
using Ludmin.Domain.Common;
using Ludmin.Domain.Passkeys;
using Ludmin.Domain.Users;
using Mediator;

namespace Ludmin.Application.Passkeys.BeginPasskeyRegistration;

internal sealed class BeginPasskeyRegistrationHandler(
    IUserRepository users,
    IPasskeyRepository passkeys,
    IPasskeyChallengeRepository challenges,
    IWebAuthn webAuthn,
    PasskeyOptions options,
    TimeProvider clock) : ICommandHandler<BeginPasskeyRegistrationCommand, PasskeyCeremony>
{
    public async ValueTask<PasskeyCeremony> Handle(BeginPasskeyRegistrationCommand command, CancellationToken cancellationToken)
    {
        PasskeySwitch.EnsureEnabled(options);
        var caller = command.Caller;
        var userId = caller.UserId ?? throw new DomainException(Errors.Forbidden, "A passkey is registered with a user token.");
        var user = await users.FindByIdAsync(userId, cancellationToken) ?? throw new DomainException(Errors.UserNotFound);

        // The user's passkeys go in excludeCredentials: an authenticator that holds one already says so instead of making a second.
        var existing = await passkeys.ListAsync(userId, cancellationToken);
        var made = webAuthn.CreationOptions(user, [.. existing.Select(p => p.CredentialId)]);
        await challenges.AddAsync(PasskeyChallenge.Issue(made.Challenge, CeremonyPurpose.Register, caller.DeviceId, userId, made.Json, clock.GetUtcNow()), cancellationToken);
        return new PasskeyCeremony(made.Json);
    }
}
